using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.Contracts.Diagnosis.V1;
using SmePlatform.Diagnosis.Application.Diagnoses;
using SmePlatform.ServiceDefaults.Grpc;

namespace SmePlatform.Diagnosis.Grpc;

/// <summary>smeplatform.diagnosis.v1.Diagnoses: the latest diagnosis of an enterprise for a service holding its consent.</summary>
public sealed class DiagnosesService(GetLatestDiagnosisHandler handler) : Diagnoses.DiagnosesBase
{
    public override async Task<DiagnosisSummary> GetLatest(GetLatestRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var outcome = await handler.HandleAsync(new GetLatestDiagnosisRequest(request.EnterpriseId, request.ConsentGiven, request.PurposeReference),
            context.GetHttpContext().User, context.CancellationToken);
        return outcome.Match(ToMessage, refusal => throw refusal.ToRpcException());
    }

    public static DiagnosisSummary ToMessage(DiagnosisView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var message = new DiagnosisSummary
        {
            DiagnosisId = view.Id.ToString(),
            EnterpriseId = view.EnterpriseId.ToString(),
            Number = view.Number,
            Kind = view.Kind.ToString().ToLowerInvariant(),
            FiscalYear = view.FiscalYear,
            Rank = view.Rank.Rank?.ToString() ?? "",
            PreSort = view.PreSort?.ToString() ?? "",
            AssessmentBand = view.Assessment?.Band.ToString() ?? "",
            TotalScore = view.Rank.Total,
            Advisor = view.Advisor,
            CompletedAt = Timestamp.FromDateTimeOffset(view.CreatedAt),
        };
        message.Indicators.Add(view.Indicators.Select(i => new Indicator
        {
            Code = i.Code,
            Value = i.Value is { } v ? ToDecimalValue(v) : null,
            Reason = i.Reason ?? "",
            Score = i.Score ?? 0,
        }));
        return message;
    }

    private static DecimalValue ToDecimalValue(decimal value)
    {
        var units = decimal.Truncate(value);
        return new DecimalValue { Units = (long)units, Nanos = (int)decimal.Truncate((value - units) * 1_000_000_000m) };
    }
}
