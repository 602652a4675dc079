using Grpc.Core;
using Polly.CircuitBreaker;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.Contracts.Diagnosis.V1;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;
using DiagnosisMessage = SmePlatform.Contracts.Diagnosis.V1.DiagnosisSummary;

namespace SmePlatform.CreditGuarantee.Clients;

/// <summary>One indicator of a diagnosis as the examiner reads it: its value (null when undefined, with the reason) and its 1–5 score (0: not scored).</summary>
public sealed record DiagnosedIndicator(string Code, decimal? Value, string? Reason, int Score);

/// <summary>
/// An enterprise's latest diagnosis as the Diagnosis service answered it: rank, pre-sort, assessment band, the six
/// indicators' scores, when and by whom. <see cref="Summary"/> is what the decision uses (the pre-sort band and the date).
/// </summary>
/// <param name="Rank">Local Benchmark's rank "A" … "D"; null when too few indicators could be scored.</param>
/// <param name="PreSort">The study's group "A", "B" or "C" (002:L1405-1411); null without a rank.</param>
/// <param name="AssessmentBand">The management assessment's overall band; null for a quick diagnosis.</param>
public sealed record DiagnosisReport(
    Guid DiagnosisId,
    int Number,
    string Kind,
    int FiscalYear,
    string? Rank,
    string? PreSort,
    string? AssessmentBand,
    int TotalScore,
    string Advisor,
    DateTimeOffset CompletedAt,
    IReadOnlyList<DiagnosedIndicator> Indicators)
{
    /// <summary>
    /// The decision's input: the pre-sort group (A needs no external support, B will improve with support, C cannot
    /// benefit) on the day it was completed (Asia/Shanghai). Null when the diagnosis has no pre-sort (no rank).
    /// </summary>
    public Domain.DiagnosisSummary? Summary => PreSort switch
    {
        "A" => new(DiagnosisBand.A, AssessedOn),
        "B" => new(DiagnosisBand.B, AssessedOn),
        "C" => new(DiagnosisBand.C, AssessedOn),
        _ => null,
    };

    public DateOnly AssessedOn => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(CompletedAt, Zone).DateTime);

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The service's answer as this service reads it; empty strings are "none".</summary>
    public static DiagnosisReport From(DiagnosisMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(
            Guid.Parse(message.DiagnosisId), message.Number, message.Kind, message.FiscalYear, NoneIfEmpty(message.Rank), NoneIfEmpty(message.PreSort),
            NoneIfEmpty(message.AssessmentBand), message.TotalScore, message.Advisor,
            message.CompletedAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue,
            [.. message.Indicators.Select(i => new DiagnosedIndicator(i.Code, ToDecimal(i.Value), NoneIfEmpty(i.Reason), i.Score))]);
    }

    private static string? NoneIfEmpty(string value) => value.Length == 0 ? null : value;

    private static decimal? ToDecimal(DecimalValue? value) => value is null ? null : value.Units + (value.Nanos / 1_000_000_000m);
}

/// <summary>The Diagnosis service's answer for an enterprise whose application carries its consent.</summary>
public abstract record DiagnosisAnswer
{
    public sealed record Found(DiagnosisReport Report) : DiagnosisAnswer;

    /// <summary>The enterprise has no diagnosis.</summary>
    public sealed record None : DiagnosisAnswer;

    /// <summary>The service could not answer (down, timed out, circuit open, refused this service, no service token): try again later.</summary>
    public sealed record Unavailable(string Detail) : DiagnosisAnswer;
}

/// <summary>The Diagnosis service as this service uses it (an interface so that tests can point it elsewhere).</summary>
public interface IDiagnosisSource
{
    /// <summary>
    /// The enterprise's latest diagnosis, for the application <paramref name="applicationId"/> (recorded in the Diagnosis
    /// service's audit trail). Call it only for an application that carries the enterprise's consent.
    /// </summary>
    Task<DiagnosisAnswer> LatestAsync(Guid enterpriseId, Guid applicationId, CancellationToken cancellationToken);
}

/// <summary>smeplatform.diagnosis.v1.Diagnoses/GetLatest over gRPC, called with this service's own identity (ADR 9).</summary>
public sealed class GrpcDiagnosisSource(
    Diagnoses.DiagnosesClient client, GrpcCircuit<Diagnoses.DiagnosesClient> circuit, ILogger<GrpcDiagnosisSource> logger) : IDiagnosisSource
{
    public const string AddressKey = "Services:diagnosis:GrpcUrl";

    public const string DefaultAddress = "http://127.0.0.1:5203";

    /// <summary>An examiner waits on this call: a Diagnosis service that does not answer within it is unavailable.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    public async Task<DiagnosisAnswer> LatestAsync(Guid enterpriseId, Guid applicationId, CancellationToken cancellationToken)
    {
        try
        {
            // consent_given: callers ask only for applications that carry the enterprise's consent (DiagnosisReads).
            var message = await client.GetLatestAsync(
                new GetLatestRequest { EnterpriseId = enterpriseId.ToString(), ConsentGiven = true, PurposeReference = $"guarantee application {applicationId}" },
                deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            return new DiagnosisAnswer.Found(DiagnosisReport.From(message));
        }
        catch (RpcException exception) when (exception.Status.DebugException is ServiceTokenUnavailableException noToken)
        {
            logger.LogWarning("No service token for the Diagnosis service: {Reason}", noToken.Message);
            return new DiagnosisAnswer.Unavailable("this service could not obtain its own access token");
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (exception.StatusCode == StatusCode.NotFound)
            {
                return new DiagnosisAnswer.None();
            }

            // Anything else (down, deadline, refused credentials, a contract mismatch) leaves the decision without the
            // diagnosis it was consented to use: unavailable, never "none".
            var circuitOpen = circuit.State is CircuitState.Open or CircuitState.Isolated;
            logger.LogWarning("The Diagnosis service answered {Status} ({Detail}); circuit {Circuit}",
                exception.StatusCode, exception.Status.Detail, circuit.State);
            return new DiagnosisAnswer.Unavailable(circuitOpen
                ? $"calls are suspended after repeated failures; they resume within {circuit.BreakDuration.TotalSeconds:0} s"
                : $"it answered {exception.StatusCode}");
        }
    }
}

public static class DiagnosisSourceRegistration
{
    public static IServiceCollection AddDiagnosisSource(this IServiceCollection services)
    {
        services.AddServiceIdentity();
        services.AddPlatformGrpcClient<Diagnoses.DiagnosesClient>(Diagnoses.Descriptor,
            GrpcDiagnosisSource.AddressKey, GrpcDiagnosisSource.DefaultAddress,
            (provider, cancellationToken) => provider.GetRequiredService<ServiceTokenProvider>().GetAsync(cancellationToken));
        services.AddTransient<IDiagnosisSource, GrpcDiagnosisSource>();
        return services;
    }
}
