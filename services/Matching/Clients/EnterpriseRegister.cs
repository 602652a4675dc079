using Grpc.Core;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.Matching.Domain.Profiles;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;

namespace SmePlatform.Matching.Clients;

/// <summary>The register's answer to a look-up by Unified Social Credit Code.</summary>
public abstract record RegisterAnswer
{
    public sealed record Found(EnterpriseIdentity Enterprise, bool Active) : RegisterAnswer;

    public sealed record NotFound(string Detail) : RegisterAnswer;

    /// <summary>The register refused the code itself (a wrong check character): a field error on <c>uscc</c>.</summary>
    public sealed record Invalid(string Message) : RegisterAnswer;

    /// <summary>The register could not answer (down, timed out, circuit open, no service token).</summary>
    public sealed record Unavailable(string Detail) : RegisterAnswer;
}

/// <summary>OneStop's smeplatform.onestop.v1.EnterpriseDirectory over gRPC, called with this service's own identity.</summary>
public sealed class EnterpriseRegister(EnterpriseDirectory.EnterpriseDirectoryClient client, ILogger<EnterpriseRegister> logger)
{
    public const string AddressKey = "Services:onestop:GrpcUrl";

    public const string DefaultAddress = "http://127.0.0.1:5201";

    /// <summary>An intermediary waits on this call: a register that does not answer within it is unavailable.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public async Task<RegisterAnswer> FindByUsccAsync(string uscc, CancellationToken ct)
    {
        try
        {
            var e = await client.GetEnterpriseAsync(new GetEnterpriseRequest { Uscc = uscc }, deadline: DateTime.UtcNow + Deadline, cancellationToken: ct);
            return new RegisterAnswer.Found(new EnterpriseIdentity(Guid.Parse(e.Id), e.Uscc, e.Name, e.Ward, e.IndustryCode),
                e.Status is EnterpriseStatus.Active or EnterpriseStatus.Unspecified);
        }
        catch (RpcException exception) when (exception.Status.DebugException is ServiceTokenUnavailableException noToken)
        {
            logger.LogWarning("No service token for the register: {Reason}", noToken.Message);
            return new RegisterAnswer.Unavailable("This service could not obtain its own access token for the register.");
        }
        catch (RpcException exception) when (!ct.IsCancellationRequested)
        {
            return exception.StatusCode switch
            {
                StatusCode.NotFound => new RegisterAnswer.NotFound(exception.Status.Detail),
                StatusCode.InvalidArgument => new RegisterAnswer.Invalid(exception.Status.Detail),
                _ => new RegisterAnswer.Unavailable($"The register answered {exception.StatusCode}."),
            };
        }
    }
}

public static class EnterpriseRegisterRegistration
{
    public static IServiceCollection AddEnterpriseRegister(this IServiceCollection services)
    {
        services.AddServiceIdentity();
        services.AddPlatformGrpcClient<EnterpriseDirectory.EnterpriseDirectoryClient>(EnterpriseDirectory.Descriptor,
            EnterpriseRegister.AddressKey, EnterpriseRegister.DefaultAddress,
            (provider, ct) => provider.GetRequiredService<ServiceTokenProvider>().GetAsync(ct));
        services.AddTransient<EnterpriseRegister>();
        return services;
    }
}
