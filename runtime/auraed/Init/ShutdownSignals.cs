using System.Runtime.InteropServices;

namespace Aurae.Daemon.Init;

/// <summary>SIGTERM and SIGINT request a shutdown ending in <c>action</c>, instead of killing the runtime.</summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignals(ShutdownCoordinator shutdown, PowerAction action)
    {
        void Handler(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.Request(action, $"signal {context.Signal}");
        }
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler),
        ];
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }
}
