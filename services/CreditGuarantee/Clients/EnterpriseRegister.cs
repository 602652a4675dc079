using Grpc.Core;
using Polly.CircuitBreaker;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;

namespace SmePlatform.CreditGuarantee.Clients;

/// <summary>What this service needs to know of a registered enterprise.</summary>
/// <param name="Status">Active, or Inactive when the register deactivated it (closure) or merged it into another entry.</param>
/// <param name="SizeClass">The register's size class; null when its rule set does not cover the enterprise or none was provided.</param>
/// <param name="SizeRuleSet">The rule set that classified it ("CN-2003 v2"); null when the register provided no classification.</param>
/// <param name="Figures">Employees, revenue and assets as the register holds them (for examiners); null when not read.</param>
public sealed record RegisteredEnterprise(
    Guid Id,
    string Uscc,
    string Name,
    string Ward,
    string IndustryCode,
    RegistrationStatus Status = RegistrationStatus.Active,
    SizeClass? SizeClass = null,
    string? SizeRuleSet = null,
    Guid? MergedInto = null,
    RegisteredFigures? Figures = null)
{
    /// <summary>The register's answer as this service reads it; fields an older register leaves at their defaults read as "not provided".</summary>
    public static RegisteredEnterprise From(Enterprise enterprise) => new(
        Guid.Parse(enterprise.Id), enterprise.Uscc, enterprise.Name, enterprise.Ward, enterprise.IndustryCode,
        enterprise.Status switch
        {
            // Unspecified: a register from before the field, which only knew active entries.
            EnterpriseStatus.Active or EnterpriseStatus.Unspecified => RegistrationStatus.Active,
            _ => RegistrationStatus.Inactive,
        },
        enterprise.SizeClass switch
        {
            "micro" => Domain.SizeClass.Micro,
            "small" => Domain.SizeClass.Small,
            "medium" => Domain.SizeClass.Medium,
            "large" => Domain.SizeClass.Large,
            _ => null,
        },
        enterprise.SizeRuleSetId.Length == 0 ? null : $"{enterprise.SizeRuleSetId} v{enterprise.SizeRuleSetVersion}",
        Guid.TryParse(enterprise.MergedIntoId, out var survivor) ? survivor : null,
        new RegisteredFigures(enterprise.Employees, ToDecimal(enterprise.AnnualRevenue), ToDecimal(enterprise.TotalAssets),
            enterprise.Currency.Length == 0 ? Money.Currency : enterprise.Currency,
            enterprise.SizeReason.Length == 0 ? null : enterprise.SizeReason,
            enterprise.DeactivationReason.Length == 0 ? null : enterprise.DeactivationReason));

    // The platform's DecimalValue (units + nanos), exact; absent when the register does not hold the figure.
    private static decimal? ToDecimal(DecimalValue? value) => value is null ? null : value.Units + (value.Nanos / 1_000_000_000m);
}

/// <summary>The register's figures of an enterprise, as its size class was computed from them. Amounts in <see cref="Currency"/>.</summary>
/// <param name="SizeReason">The register's explanation of the size class, in words; null when not provided.</param>
/// <param name="DeactivationReason">"closure" or "merger" once inactive; null while active.</param>
public sealed record RegisteredFigures(int Employees, decimal? AnnualRevenue, decimal? TotalAssets, string Currency, string? SizeReason, string? DeactivationReason);

/// <summary>The register's answer to a look-up by Unified Social Credit Code.</summary>
public abstract record RegisterAnswer
{
    public sealed record Found(RegisteredEnterprise Enterprise) : RegisterAnswer;

    public sealed record NotFound(string Detail) : RegisterAnswer;

    /// <summary>The register refused the code itself (e.g. a wrong check character): a field error on <c>uscc</c>.</summary>
    public sealed record Invalid(string Message) : RegisterAnswer;

    /// <summary>The register could not answer (down, timed out, circuit open, no service token): try again later.</summary>
    public sealed record Unavailable(string Detail) : RegisterAnswer;
}

/// <summary>OneStop's enterprise register as this service uses it (an interface so integration tests can stand in for OneStop).</summary>
public interface IEnterpriseRegister
{
    Task<RegisterAnswer> FindByUsccAsync(string uscc, CancellationToken cancellationToken);
}

/// <summary>OneStop's smeplatform.onestop.v1.EnterpriseDirectory over gRPC, called with this service's own identity.</summary>
public sealed class GrpcEnterpriseRegister(
    EnterpriseDirectory.EnterpriseDirectoryClient client, GrpcCircuit<EnterpriseDirectory.EnterpriseDirectoryClient> circuit,
    ILogger<GrpcEnterpriseRegister> logger) : IEnterpriseRegister
{
    public const string AddressKey = "Services:onestop:GrpcUrl";

    public const string DefaultAddress = "http://127.0.0.1:5201";

    /// <summary>A bank waits on this call: a register that does not answer within it is unavailable.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public async Task<RegisterAnswer> FindByUsccAsync(string uscc, CancellationToken cancellationToken)
    {
        try
        {
            var enterprise = await client.GetEnterpriseAsync(new GetEnterpriseRequest { Uscc = uscc },
                deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            return new RegisterAnswer.Found(RegisteredEnterprise.From(enterprise));
        }
        catch (RpcException exception) when (exception.Status.DebugException is ServiceTokenUnavailableException noToken)
        {
            logger.LogWarning("No service token for the register: {Reason}", noToken.Message);
            return new RegisterAnswer.Unavailable("This service could not obtain its own access token for the register.");
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            switch (exception.StatusCode)
            {
                case StatusCode.NotFound:
                    return new RegisterAnswer.NotFound(exception.Status.Detail);
                case StatusCode.InvalidArgument:
                    return new RegisterAnswer.Invalid(exception.Status.Detail);
                default:
                    var circuitOpen = circuit.State is CircuitState.Open or CircuitState.Isolated;
                    logger.LogWarning("The enterprise register answered {Status} ({Detail}); circuit {Circuit}",
                        exception.StatusCode, exception.Status.Detail, circuit.State);
                    return new RegisterAnswer.Unavailable(circuitOpen
                        ? $"Calls to the register are suspended after repeated failures; they resume within {circuit.BreakDuration.TotalSeconds:0} s."
                        : $"The register answered {exception.StatusCode}.");
            }
        }
    }
}

public static class EnterpriseRegisterRegistration
{
    public static IServiceCollection AddEnterpriseRegister(this IServiceCollection services)
    {
        services.AddServiceIdentity();
        services.AddPlatformGrpcClient<EnterpriseDirectory.EnterpriseDirectoryClient>(EnterpriseDirectory.Descriptor,
            GrpcEnterpriseRegister.AddressKey, GrpcEnterpriseRegister.DefaultAddress,
            (provider, cancellationToken) => provider.GetRequiredService<ServiceTokenProvider>().GetAsync(cancellationToken));
        services.AddTransient<IEnterpriseRegister, GrpcEnterpriseRegister>();
        return services;
    }
}
