using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aurae.Daemon.Hosting;
using Aurae.Daemon.Logging;
using Aurae.Contract.Enrollment;

namespace Aurae.Daemon.Enrollment;

/// <summary>
/// The node's side of enrollment protocol v1: sends token, MAC and CSR to serve (only after
/// serve proved it holds a certificate from the fleet CA naming <c>aurae-enroll</c>), waits
/// while serve waits for approval, and on success installs the certificate serve signed,
/// sets the hostname to the name serve chose and opens the API. Runs in the background of PID 1:
/// it never throws; refusals leave the node unenrolled (health only) until it is rebooted.
/// </summary>
public sealed class EnrollmentClient(EnrollmentParameters parameters, EnrollmentKey key, NodeIdentity identity,
    EnrollmentStatus status, Action<string> setHostname, EnrollmentOptions options)
{
    // Linux HOST_NAME_MAX.
    private const int MaxHostnameLength = 64;
    private const int MaxResponseBytes = 1024 * 1024;

    private readonly FleetCertificateCheck _check = new(identity.CertificateAuthority, options.Time);
    private string? _untrustedServe;
    private string? _lastProblem;

    private string Peer => parameters.Peer;

    /// <summary>Enrolls, or gives up on a final refusal or cancellation. True when the node is enrolled.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var start = $"enrolling with {Peer} as {key.Mac}";
            if (!status.Set($"enrolling with {Peer}", start))
                ConsoleLog.Info(EnrollmentStatus.LogSource, start);
            using var http = NewHttpClient();
            var backoff = options.InitialBackoff;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var wait = await AttemptAsync(http, cancellationToken);
                if (wait is null)
                    return status.IsEnrolled;
                if (wait.Value.Backoff)
                {
                    await Task.Delay(backoff, options.Time, cancellationToken);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
                }
                else
                {
                    backoff = options.InitialBackoff;
                    await Task.Delay(wait.Value.Delay, options.Time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            // PID 1 must not fall over because enrollment did; the node stays up, health only.
            status.Set($"enrollment with {Peer} failed: {e.Message}", warn: true);
            return false;
        }
    }

    /// <summary>One request. Null when done (enrolled or finally refused); else how long to wait before the next.</summary>
    private async Task<(bool Backoff, TimeSpan Delay)?> AttemptAsync(HttpClient http, CancellationToken cancellationToken)
    {
        _untrustedServe = null;
        HttpResponseMessage response;
        string body;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            var request = new EnrollmentRequest(parameters.Token, key.Mac, key.CertificateRequestPem);
            using var content = JsonContent.Create(request, EnrollmentJsonContext.Default.EnrollmentRequest);
            response = await http.PostAsync(new Uri($"https://{Peer}{EnrollmentProtocol.Path}"), content, timeout.Token);
            body = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (Exception e) when (_untrustedServe is not null && e is HttpRequestException or AuthenticationException)
        {
            Problem($"trust:{_untrustedServe}", $"serve at {Peer} is not trusted, the token was not sent: {_untrustedServe}; retrying");
            return (true, TimeSpan.Zero);
        }
        catch (Exception e) when (e is HttpRequestException or IOException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var why = e is OperationCanceledException ? $"no answer within {options.RequestTimeout.TotalSeconds:F0} s" : Innermost(e);
            Problem($"network:{why}", $"cannot reach {Peer}: {why}; retrying");
            return (true, TimeSpan.Zero);
        }

        using (response)
        {
            var code = (int)response.StatusCode;
            var answer = Parse(body);
            switch (code)
            {
                case 200:
                    Complete(answer);
                    return null;
                case 202:
                    _lastProblem = null;
                    status.Set("waiting for approval", $"waiting for approval by {Peer}: {answer?.Reason ?? "(no reason given)"}");
                    return (false, RetryAfter(response));
                case 400 or 403:
                    status.Set($"refused by {Peer}: {answer?.Reason ?? $"HTTP {code} without a reason"}", warn: true);
                    return null;
                default:
                    // 5xx and anything the protocol does not name: serve may recover, so try again later.
                    var reason = answer?.Reason ?? "(no reason given)";
                    Problem($"http:{code}", $"{Peer} answered HTTP {code}: {reason}; retrying");
                    return (true, TimeSpan.Zero);
            }
        }
    }

    private void Complete(EnrollmentResponse? answer)
    {
        X509Certificate2 leaf;
        var name = answer?.Name;
        if (name is null || answer?.Certificate is null)
        {
            Reject("the answer has no name or no certificate");
            return;
        }
        if (!IsHostname(name))
        {
            Reject($"the name '{name}' is not a hostname (letters, digits, '-' and '.', at most {MaxHostnameLength} characters)");
            return;
        }
        try
        {
            leaf = X509Certificate2.CreateFromPem(answer.Certificate);
        }
        catch (CryptographicException e)
        {
            Reject($"the certificate is not a PEM certificate: {e.Message}");
            return;
        }
        if (!key.IsKeyOf(leaf))
        {
            Reject("the certificate carries another public key than this node's request");
            return;
        }
        if (_check.IssuedProblem(leaf, name) is { } problem)
        {
            Reject(problem);
            return;
        }

        try
        {
            setHostname(name);
        }
        catch (IOException e)
        {
            ConsoleLog.Error(EnrollmentStatus.LogSource, $"cannot set the hostname to {name}: {e.Message}");
        }
        identity.Install(leaf.CopyWithPrivateKey(key.Key));
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(leaf.RawData));
        ConsoleLog.Info(EnrollmentStatus.LogSource, $"enrolled as {name} by {Peer} (certificate sha256 {fingerprint})");
        status.MarkEnrolled(name);
    }

    /// <summary>Final: the token is spent, so asking again would only be refused.</summary>
    private void Reject(string why) =>
        status.Set($"rejected the certificate from {Peer}: {why}", warn: true);

    /// <summary>Logs a retryable problem once per kind, not on every retry.</summary>
    private void Problem(string kind, string message)
    {
        if (_lastProblem == kind)
            return;
        _lastProblem = kind;
        ConsoleLog.Warn(EnrollmentStatus.LogSource, message);
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta
                    ?? (retryAfter?.Date is { } date ? date - options.Time.GetUtcNow() : options.DefaultRetryAfter);
        if (delay < TimeSpan.Zero)
            delay = TimeSpan.Zero;
        return delay > options.RetryAfterCap ? options.RetryAfterCap : delay;
    }

    private static EnrollmentResponse? Parse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, EnrollmentJsonContext.Default.EnrollmentResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsHostname(string name) =>
        name.Length is > 0 and <= MaxHostnameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')
        && !name.StartsWith('-') && !name.StartsWith('.') && !name.Contains("..", StringComparison.Ordinal);

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        return e.Message;
    }

    private HttpClient NewHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectTimeout = options.RequestTimeout,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = AcceptsServe,
            },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxResponseBytes };
    }

    /// <summary>
    /// Serve is judged by the fleet CA alone; the name dialled is an IP, so the platform's name
    /// check does not apply (the DNS SAN aurae-enroll stands in for it).
    /// </summary>
    private bool AcceptsServe(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 presented)
        {
            _untrustedServe = "it presented no certificate";
            return false;
        }
        _untrustedServe = _check.ServeProblem(presented, chain);
        return _untrustedServe is null;
    }
}
