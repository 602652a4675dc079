using System.Diagnostics;
using Google.Protobuf.Reflection;

namespace SmePlatform.Grpc;

/// <summary>
/// Spans for every call, named "package.Service/Method" with the OpenTelemetry rpc.* attributes, so one
/// trace runs from the gateway through every gRPC hop. Add the source name to the tracer provider.
/// </summary>
public static class GrpcTelemetry
{
    public const string ActivitySourceName = "SmePlatform.Grpc";

    internal static readonly ActivitySource Source = new(ActivitySourceName, "1.0.0");

    internal static Activity? StartServer(MethodDescriptor method, Microsoft.AspNetCore.Http.IHeaderDictionary requestHeaders)
    {
        // Checked before touching the headers: with nobody listening a call costs nothing here.
        if (!Source.HasListeners())
        {
            return null;
        }

        string? traceParent = requestHeaders.TraceParent;
        string? traceState = requestHeaders.TraceState;

        // ASP.NET Core's request activity has already extracted traceparent when something listens to it;
        // when nothing does, take the caller's context from the headers so the trace still joins up.
        Activity? activity;
        if (Activity.Current is null && traceParent is not null
            && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var remote))
        {
            activity = Source.StartActivity(SpanName(method), ActivityKind.Server, remote);
        }
        else
        {
            activity = Source.StartActivity(SpanName(method), ActivityKind.Server);
        }

        AddMethodTags(activity, method);
        return activity;
    }

    internal static Activity? StartClient(MethodDescriptor method, Uri address)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(SpanName(method), ActivityKind.Client);
        if (activity is not null)
        {
            AddMethodTags(activity, method);
            activity.SetTag("server.address", address.Host);
            activity.SetTag("server.port", address.Port);
        }

        return activity;
    }

    internal static void Stop(Activity? activity, StatusCode code, bool isServer)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("rpc.grpc.status_code", (int)code);
        // OpenTelemetry semantic conventions: a server marks only codes that mean it failed; a client any non-OK.
        var isError = isServer
            ? code is StatusCode.Unknown or StatusCode.DeadlineExceeded or StatusCode.Unimplemented
                or StatusCode.Internal or StatusCode.Unavailable or StatusCode.DataLoss
            : code != StatusCode.OK;
        if (isError)
        {
            activity.SetStatus(ActivityStatusCode.Error, code.ToString());
        }

        activity.Dispose();
    }

    private static string SpanName(MethodDescriptor method) => method.Service.FullName + "/" + method.Name;

    private static void AddMethodTags(Activity? activity, MethodDescriptor method)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("rpc.system", "grpc");
        activity.SetTag("rpc.service", method.Service.FullName);
        activity.SetTag("rpc.method", method.Name);
    }
}
