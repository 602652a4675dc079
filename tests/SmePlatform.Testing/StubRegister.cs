using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.ServiceDefaults.Grpc;

namespace SmePlatform.Testing;

/// <summary>
/// OneStop's smeplatform.onestop.v1.EnterpriseDirectory as far as its callers' tests need it (GetEnterprise by USCC), on a
/// real HTTP/2 port served by grpc-dotnet, plus a client-credentials token endpoint on an HTTP/1.1 port.
/// It records the bearer token of each call, so tests can prove the service calls with its own identity.
/// </summary>
public sealed class StubRegister : IAsyncDisposable
{
    public const string ServiceToken = "stub-service-token";

    private readonly WebApplication app;

    private StubRegister(WebApplication app, Uri grpcUrl, Uri httpUrl)
    {
        this.app = app;
        GrpcUrl = grpcUrl;
        HttpUrl = httpUrl;
    }

    public Uri GrpcUrl { get; }

    public Uri HttpUrl { get; }

    public ConcurrentDictionary<string, Enterprise> Enterprises { get; } = new(StringComparer.Ordinal);

    /// <summary>The Authorization header of every GetEnterprise call, in order.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>When set, every call fails with UNAVAILABLE, as a register that is down behind a proxy does.</summary>
    public bool Down { get; set; }

    public int Calls => Authorizations.Count;

    public static async Task<StubRegister> StartAsync()
    {
        var grpcPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, httpPort, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<StubDirectoryService>();
        var app = builder.Build();
        var stub = new StubRegister(app, new Uri($"http://127.0.0.1:{grpcPort}"), new Uri($"http://127.0.0.1:{httpPort}"));
        app.Services.GetRequiredService<StubDirectoryService>().Stub = stub;
        app.MapGrpcService<StubDirectoryService>();
        app.MapPost("/connect/token", (HttpRequest request) => request.Form["grant_type"] == "client_credentials"
            && request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal)
                ? Results.Json(new { access_token = ServiceToken, token_type = "Bearer", expires_in = 600 })
                : Results.BadRequest());
        await app.StartAsync();
        return stub;
    }

    /// <summary>Registers an enterprise in the stand-in register and returns its USCC.</summary>
    public string Add(string name = "沈阳精工机械有限公司", string ward = "tiexi", string industryCode = "C3511", string? uscc = null)
    {
        uscc ??= NewUscc();
        Enterprises[uscc] = new Enterprise
        {
            Id = Guid.CreateVersion7().ToString(), Uscc = uscc, Name = name, Ward = ward, IndustryCode = industryCode, Employees = 120,
            Currency = "CNY",
        };
        return uscc;
    }

    /// <summary>A well-formed code (GB 32100-2015 check character).</summary>
    public static string NewUscc()
    {
        const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var body = "91210106" + new string(Random.Shared.GetItems(Alphabet.AsSpan(), 9));
        var sum = body.Select((c, i) => Alphabet.IndexOf(c, StringComparison.Ordinal) * weights[i]).Sum();
        return body + Alphabet[(31 - (sum % 31)) % 31];
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    public sealed class StubDirectoryService : EnterpriseDirectory.EnterpriseDirectoryBase
    {
        public StubRegister Stub { get; set; } = null!;

        public override Task<Enterprise> GetEnterprise(GetEnterpriseRequest request, ServerCallContext context)
        {
            Stub.Authorizations.Enqueue(context.RequestHeaders.GetValue("authorization") ?? "");
            if (Stub.Down)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "The register is down (test)."));
            }

            if (request.Uscc.EndsWith("INVALID", StringComparison.Ordinal) || request.Uscc.Length != 18)
            {
                throw GrpcErrors.InvalidArgument("Wrong check character.",
                    new Dictionary<string, string[]> { ["uscc"] = ["The check character does not match the code."] });
            }

            return Stub.Enterprises.TryGetValue(request.Uscc, out var enterprise)
                ? Task.FromResult(enterprise)
                : throw GrpcErrors.NotFound($"No enterprise is registered with code {request.Uscc}.");
        }
    }
}
