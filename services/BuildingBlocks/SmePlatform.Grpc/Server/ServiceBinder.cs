using System.Reflection;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.Logging;

namespace SmePlatform.Grpc.Server;

/// <summary>
/// Matches a handler class to a protoc service descriptor, method by method, at startup. A method
/// without a handler, or with the wrong signature, stops the application with a message that shows the
/// signature to write: better a failed deploy than an UNIMPLEMENTED in production.
/// </summary>
internal static class ServiceBinder
{
    public static IReadOnlyList<ServerMethodHandler> Bind<TService>(
        ServiceDescriptor service, IReadOnlyCollection<string> unimplementedMethods, GrpcServerOptions options, ILogger logger)
        where TService : class
    {
        var problems = new List<string>();
        var handlers = new List<ServerMethodHandler>();
        foreach (var unknown in unimplementedMethods.Where(name => service.FindMethodByName(name) is null))
        {
            problems.Add($"'{unknown}' is listed as unimplemented but {service.FullName} has no such method.");
        }

        foreach (var method in service.Methods)
        {
            if (unimplementedMethods.Contains(method.Name))
            {
                continue;
            }

            var (kind, parameterTypes, returnType) = ExpectedSignature(method);
            var candidates = typeof(TService)
                .GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.Name == method.Name)
                .ToList();
            var match = candidates.FirstOrDefault(m =>
                m.ReturnType == returnType
                && m.GetParameters().Select(p => p.ParameterType).SequenceEqual(parameterTypes));
            if (match is null)
            {
                var expected = $"public {TypeName(returnType)} {method.Name}({string.Join(", ", parameterTypes.Select(TypeName))})";
                problems.Add(candidates.Count == 0
                    ? $"{service.FullName}/{method.Name} has no handler on {typeof(TService).Name}; add {expected}."
                    : $"{typeof(TService).Name}.{method.Name} has the wrong signature for a {kind} method; expected {expected}.");
                continue;
            }

            var handlerType = kind switch
            {
                "unary" => typeof(UnaryMethodHandler<,,>),
                "server-streaming" => typeof(ServerStreamingMethodHandler<,,>),
                "client-streaming" => typeof(ClientStreamingMethodHandler<,,>),
                _ => typeof(DuplexStreamingMethodHandler<,,>),
            };
            var closed = handlerType.MakeGenericType(typeof(TService), method.InputType.ClrType, method.OutputType.ClrType);
            handlers.Add((ServerMethodHandler)Activator.CreateInstance(closed, method, options, logger, match)!);
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"Cannot map gRPC service {service.FullName} to {typeof(TService).FullName}:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", problems));
        }

        return handlers;
    }

    private static (string Kind, Type[] Parameters, Type Return) ExpectedSignature(MethodDescriptor method)
    {
        var request = method.InputType.ClrType;
        var response = method.OutputType.ClrType;
        var reader = typeof(IAsyncStreamReader<>).MakeGenericType(request);
        var writer = typeof(IServerStreamWriter<>).MakeGenericType(response);
        var context = typeof(ServerCallContext);
        return (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => ("unary", [request, context], typeof(Task<>).MakeGenericType(response)),
            (false, true) => ("server-streaming", [request, writer, context], typeof(Task)),
            (true, false) => ("client-streaming", [reader, context], typeof(Task<>).MakeGenericType(response)),
            (true, true) => ("duplex-streaming", [reader, writer, context], typeof(Task)),
        };
    }

    private static string TypeName(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;
}
