using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace SmePlatform.Testing;

/// <summary>grpc-dotnet channels as the tests' callers use them: h2c on loopback, a bearer token or none, no retries.</summary>
public static class GrpcChannels
{
    /// <summary>
    /// A channel to <paramref name="address"/> sending <paramref name="token"/> (when given) on every call. No service config,
    /// hence no retries: a test sees each status exactly as the server sent it.
    /// </summary>
    public static GrpcChannel For(Uri address, string? token = null, Action<GrpcChannelOptions>? configure = null)
    {
        var options = new GrpcChannelOptions { UnsafeUseInsecureChannelCallCredentials = true };
        if (token is not null)
        {
            options.Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("Authorization", "Bearer " + token);
                return Task.CompletedTask;
            }));
        }

        configure?.Invoke(options);
        return GrpcChannel.ForAddress(address, options);
    }

    /// <summary>The google.rpc.BadRequest in an error's grpc-status-details-bin, or null when it has none.</summary>
    public static BadRequest? GetBadRequest(this RpcException exception) => exception.GetRpcStatus()?.GetDetail<BadRequest>();

    /// <summary>Calls deadline <paramref name="seconds"/> from now.</summary>
    public static CallOptions Within(int seconds = 10) => new(deadline: DateTime.UtcNow.AddSeconds(seconds));
}
