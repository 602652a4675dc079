using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SmePlatform.CreditGuarantee.Application.Notifications;

/// <summary>
/// Which webhook URLs the fund calls. A bank chooses the URL, so it must not point the fund's servers at its own network
/// (SSRF): https only, and never a loopback, private or link-local address unless configured (Development). The check
/// runs when the URL is registered (a clear 400) and again on every connection, against the addresses the name
/// resolves to at that moment (DNS may change after registration).
/// </summary>
public sealed class WebhookAddressPolicy(IOptions<WebhookOptions> options, IHostEnvironment environment)
{
    public const int MaxUrlLength = 2000;

    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);

    public bool AllowLoopbackHttp => options.Value.AllowLoopbackHttp ?? environment.IsDevelopment();

    public bool AllowPrivateAddresses => options.Value.AllowPrivateAddresses ?? environment.IsDevelopment();

    /// <summary>Null when the URL may be registered; otherwise what is wrong with it, for the field error.</summary>
    public async Task<string?> CheckAsync(string? url, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return $"Required: an absolute https:// URL of at most {MaxUrlLength} characters.";
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return "The URL may not carry user information or a fragment; authenticate deliveries by their signature.";
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.IdnHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(ResolveTimeout);
                addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return $"The host '{uri.Host}' cannot be resolved.";
            }
        }

        if (addresses.Length == 0)
        {
            return $"The host '{uri.Host}' cannot be resolved.";
        }

        if (uri.Scheme == "http" && !(AllowLoopbackHttp && addresses.All(IPAddress.IsLoopback)))
        {
            return "Use https://; plain http is accepted only for a loopback receiver in development.";
        }

        return addresses.FirstOrDefault(a => !Allows(a)) is { } refused
            ? $"The host '{uri.Host}' resolves to {refused}, a loopback, private or link-local address the fund does not call."
            : null;
    }

    public bool Allows(IPAddress address) => AllowPrivateAddresses || !IsInternal(address);

    /// <summary>Loopback, unspecified, private (RFC 1918), CGNAT, link-local, unique-local, multicast and broadcast addresses.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0 || b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224;
        }

        var bytes = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (bytes[0] & 0xFE) == 0xFC;
    }

    /// <summary>
    /// The connection step of the webhook HTTP client: resolves the host now and connects only to an allowed address,
    /// so a name that resolves elsewhere after registration cannot turn the dispatcher against an internal service.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(Allows).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"The webhook host '{host}' resolves to no address the fund calls.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
