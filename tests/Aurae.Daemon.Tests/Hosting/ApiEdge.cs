using Aurae.Daemon.Hosting;

namespace Aurae.Daemon.Tests.Hosting;

/// <summary>
/// Runs a call of a service or of domain code as the API's edge does
/// (<see cref="ApiCallInterceptor.ClientError"/>): the domain throws its own failures, and a test
/// checks the status and message a client would see.
/// </summary>
internal static class ApiEdge
{
    public static async Task CallAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (ApiCallInterceptor.ClientError(e) is { } error)
        {
            throw error;
        }
    }

    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (ApiCallInterceptor.ClientError(e) is { } error)
        {
            throw error;
        }
    }

    public static T Call<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (ApiCallInterceptor.ClientError(e) is { } error)
        {
            throw error;
        }
    }
}
