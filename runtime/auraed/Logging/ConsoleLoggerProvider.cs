using Microsoft.Extensions.Logging;

namespace Aurae.Daemon.Logging;

/// <summary>Routes ASP.NET Core's logging into <see cref="ConsoleLog"/> so the console has one format.</summary>
public sealed class ConsoleLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CategoryLogger(ShortName(categoryName));

    public void Dispose()
    {
    }

    private static string ShortName(string category)
    {
        var dot = category.LastIndexOf('.');
        return dot < 0 ? category : category[(dot + 1)..];
    }

    private sealed class CategoryLogger(string source) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var message = formatter(state, exception);
            for (var e = exception; e is not null; e = e.InnerException)
                message += $": {e.GetType().Name}: {e.Message}" + (Environment.GetEnvironmentVariable("AURAED_TRACE") is null ? "" : e.StackTrace);
            var level = logLevel switch
            {
                LogLevel.Warning => "warn",
                LogLevel.Error or LogLevel.Critical => "error",
                _ => "info",
            };
            ConsoleLog.Write(level, source, message);
        }
    }
}
