using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmePlatform.ServiceDefaults.Grpc;

/// <summary>
/// Kestrel listeners for a port that speaks HTTP/2 only (h2c needs prior knowledge: no HTTP/1.1 upgrade) next to
/// the REST URLs: a service's gRPC port (<c>Grpc:Url</c>) and the gateway's public gRPC port.
/// </summary>
public static class Http2Listeners
{
    public const string UrlKey = "Grpc:Url";

    /// <summary>
    /// When <paramref name="urlKey"/> is configured (or <paramref name="defaultUrl"/> is given), Kestrel listens there
    /// with HTTP/2 only, and on the REST URLs ("urls": ASPNETCORE_URLS or --urls, default http://localhost:5000) with
    /// HTTP/1.1 + HTTP/2: once one endpoint is configured in code Kestrel ignores "urls", so both are bound here.
    /// The gateway uses it for its gRPC port.
    /// </summary>
    public static WebApplicationBuilder AddHttp2OnlyListener(this WebApplicationBuilder builder, string urlKey, string? defaultUrl = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Read when Kestrel starts, not now: test hosts and command lines add configuration after Program.cs ran.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var configuration = kestrel.ApplicationServices.GetRequiredService<IConfiguration>();
            if (ConfiguredUri(configuration, urlKey, defaultUrl) is not { } http2Only)
            {
                return;
            }

            var restUrls = (configuration[WebHostDefaults.ServerUrlsKey] ?? "http://localhost:5000")
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var url in restUrls)
            {
                Listen(kestrel, ParseUrl(url, WebHostDefaults.ServerUrlsKey), HttpProtocols.Http1AndHttp2);
            }

            Listen(kestrel, http2Only, HttpProtocols.Http2);
        });
        return builder;
    }

    /// <summary>The configured gRPC URL, or null when the service has none.</summary>
    public static Uri? GrpcUri(IConfiguration configuration) => ConfiguredUri(configuration, UrlKey, null);

    /// <summary>The URL at <paramref name="key"/> (else <paramref name="defaultUrl"/>), with an explicit port; null when neither is set.</summary>
    public static Uri? ConfiguredUri(IConfiguration configuration, string key, string? defaultUrl)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            value = defaultUrl;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var uri = ParseUrl(value, key);
        if (uri.Port == 0)
        {
            // Endpoints are tied to the port (RequireHost, YARP route hosts), so it must be known before the server starts.
            throw new InvalidOperationException($"{key} '{value}' needs an explicit port (0 cannot be matched by host-bound endpoints).");
        }

        return uri;
    }

    private static Uri ParseUrl(string value, string key)
    {
        // Kestrel's wildcard hosts ("+", "*") are not valid in a Uri; they mean "any address".
        var normalised = value.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"{key} '{value}' is not an http:// or https:// URL.");
        }

        return uri;
    }

    private static void Listen(KestrelServerOptions kestrel, Uri uri, HttpProtocols protocols)
    {
        void Configure(ListenOptions listen)
        {
            listen.Protocols = protocols;
            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                listen.UseHttps();
            }
        }

        if (uri.IsLoopback && !IPAddress.TryParse(uri.Host, out _))
        {
            kestrel.ListenLocalhost(uri.Port, Configure);
        }
        else if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
        {
            if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                kestrel.ListenAnyIP(uri.Port, Configure);
            }
            else
            {
                kestrel.Listen(address, uri.Port, Configure);
            }
        }
        else
        {
            // A host name other than localhost binds every address, as Kestrel does for such URLs.
            kestrel.ListenAnyIP(uri.Port, Configure);
        }
    }
}
