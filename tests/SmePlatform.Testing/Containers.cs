using Docker.DotNet.Models;
using DotNet.Testcontainers.Containers;

namespace SmePlatform.Testing;

/// <summary>What the container-based servers share: loopback-only ports, retries, and no container outliving the tests.</summary>
internal static class Containers
{
    private const int StartAttempts = 3;

    /// <summary>
    /// Publishes every port on 127.0.0.1 only, as the local servers listen: a test database with a known password
    /// must not be reachable from the network. Testcontainers itself publishes on all addresses.
    /// </summary>
    public static void PublishOnLoopbackOnly(CreateContainerParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var bindings in parameters.HostConfig?.PortBindings?.Values ?? [])
        {
            foreach (var binding in bindings)
                binding.HostIP = "127.0.0.1";
        }
    }

    /// <summary>
    /// Builds and starts a container on free host ports of our choosing (fixed, so that a stopped container comes back
    /// on the same ones); a port taken by another process in the meantime costs a new attempt on new ports.
    /// </summary>
    public static async Task<TContainer> StartAsync<TContainer>(string what, string image, Func<TContainer> build, CancellationToken ct)
        where TContainer : IContainer
    {
        Exception? lastError = null;
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var container = build();
            try
            {
                await container.StartAsync(ct).ConfigureAwait(false);
                RemoveAtExit(container);
                return container;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lastError = ex;
                await container.DisposeAsync().ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException(
            $"{what} did not start in a container after {StartAttempts} attempts (image {image}).", lastError);
    }

    /// <summary>
    /// Removes the container when the test host exits without disposing it (a failed run). Testcontainers' resource
    /// reaper does the same for killed hosts where it runs; CI runs without it and stops its whole engine afterwards.
    /// </summary>
    private static void RemoveAtExit(IContainer container) =>
        Infra.RegisterExitAction(container, () => container.DisposeAsync().AsTask().GetAwaiter().GetResult());

    public static async ValueTask RemoveAsync(IContainer container)
    {
        Infra.UnregisterExitAction(container);
        await container.DisposeAsync().ConfigureAwait(false);
    }
}
