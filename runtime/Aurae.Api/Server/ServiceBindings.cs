using Aurae.Api.Server;
using Grpc.Core;

// Each service's methods, named once here beside the generated code whose method objects they
// use (the generated classes are partial). ServiceBindingsTests checks that every method of
// every service's descriptor is here, so a method added to a .proto cannot be left unserved.

namespace Aurae.Api.Discovery.V0
{
    public static partial class DiscoveryService
    {
        public static void Bind<TSink>(ref TSink sink, DiscoveryServiceBase service) where TSink : struct, IServerMethodSink
        {
            sink.Unary(__Method_Discover, service.Discover);
        }
    }
}

namespace Aurae.Api.Node.V0
{
    public static partial class NodeService
    {
        public static void Bind<TSink>(ref TSink sink, NodeServiceBase service) where TSink : struct, IServerMethodSink
        {
            sink.Unary(__Method_Info, service.Info);
            sink.Unary(__Method_Reboot, service.Reboot);
            sink.Unary(__Method_Poweroff, service.Poweroff);
            sink.Unary(__Method_Attest, service.Attest);
        }
    }
}

namespace Aurae.Api.Observe.V0
{
    public static partial class ObserveService
    {
        public static void Bind<TSink>(ref TSink sink, ObserveServiceBase service) where TSink : struct, IServerMethodSink
        {
            sink.ServerStreaming(__Method_GetAuraeDaemonLogStream, service.GetAuraeDaemonLogStream);
            sink.ServerStreaming(__Method_GetSubProcessStream, service.GetSubProcessStream);
            sink.ServerStreaming(__Method_GetKernelLogStream, service.GetKernelLogStream);
            sink.Unary(__Method_GetCellStats, service.GetCellStats);
        }
    }
}

namespace Aurae.Api.Cells.V0
{
    public static partial class CellService
    {
        public static void Bind<TSink>(ref TSink sink, CellServiceBase service) where TSink : struct, IServerMethodSink
        {
            sink.Unary(__Method_Allocate, service.Allocate);
            sink.Unary(__Method_Free, service.Free);
            sink.Unary(__Method_Start, service.Start);
            sink.Unary(__Method_Stop, service.Stop);
            sink.Unary(__Method_List, service.List);
        }
    }
}

namespace Aurae.Api.Artifacts.V0
{
    public static partial class ArtifactService
    {
        public static void Bind<TSink>(ref TSink sink, ArtifactServiceBase service) where TSink : struct, IServerMethodSink
        {
            sink.ClientStreaming(__Method_Push, service.Push);
            sink.Unary(__Method_List, service.List);
            sink.Unary(__Method_Delete, service.Delete);
        }
    }
}

namespace Aurae.Api.Images.V0
{
    public static partial class ImageService
    {
        public static void Bind<TSink>(ref TSink sink, ImageServiceBase service) where TSink : struct, IServerMethodSink
        {
            sink.Unary(__Method_Import, service.Import);
            sink.Unary(__Method_List, service.List);
            sink.Unary(__Method_Remove, service.Remove);
        }
    }
}

namespace Aurae.Api.Executables.V0
{
    public static partial class ExecutableService
    {
        public static void Bind<TSink>(ref TSink sink, ExecutableServiceBase service) where TSink : struct, IServerMethodSink
        {
            sink.Unary(__Method_Status, service.Status);
            sink.Unary(__Method_List, service.List);
            sink.ServerStreaming(__Method_Output, service.Output);
            sink.Unary(__Method_Remove, service.Remove);
        }
    }
}

namespace Aurae.Api.Pods.V0
{
    public static partial class PodService
    {
        public static void Bind<TSink>(ref TSink sink, PodServiceBase service) where TSink : struct, IServerMethodSink
        {
            sink.Unary(__Method_Allocate, service.Allocate);
            sink.Unary(__Method_Start, service.Start);
            sink.Unary(__Method_Stop, service.Stop);
            sink.Unary(__Method_Free, service.Free);
        }
    }
}
