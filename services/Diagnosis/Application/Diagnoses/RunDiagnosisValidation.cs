using System.Text.RegularExpressions;
using SmePlatform.Application;
using SmePlatform.Diagnosis.Application.Statements;
using SmePlatform.Diagnosis.Domain.Assessment;
using SmePlatform.Diagnosis.Domain.Diagnoses;
using SmePlatform.Diagnosis.Domain.Statements;

namespace SmePlatform.Diagnosis.Application.Diagnoses;

/// <summary>A diagnosis request once every field is known to be valid.</summary>
public sealed record ValidDiagnosisRequest(Guid EnterpriseId, string? Ward, string? IndustryCode, DiagnosisKind Kind, IReadOnlyList<FinancialStatement> Statements);

public static partial class RunDiagnosisValidation
{
    public const int MaxEvidenceLength = 2000;
    public const int MaxStatements = 20;

    /// <summary>Every field error of the request at once; the assessment is null for a quick diagnosis.</summary>
    public static (ValidDiagnosisRequest Request, AssessmentInput? Assessment) Validate(RunDiagnosisRequest request, int currentYear, FieldErrors errors,
        List<StatementWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.AddIf(request.EnterpriseId is null || request.EnterpriseId == Guid.Empty, "enterpriseId", "Required.");
        var ward = request.Ward?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(ward))
        {
            errors.AddIf(request.ReferralId is null, "ward", "Required: the enterprise's registered ward (or give referralId).");
            ward = null;
        }
        else
        {
            errors.AddIf(!WardCode().IsMatch(ward), "ward", "A ward code: lower-case letters and hyphens, at most 40.");
        }

        var industry = request.IndustryCode?.Trim().ToUpperInvariant();
        errors.AddIf(!string.IsNullOrEmpty(industry) && !IndustryCode().IsMatch(industry), "industryCode",
            "A GB/T 4754-2017 code: a section letter and up to four digits (\"C3411\").");
        errors.AddIf(request.Kind is null, "kind", "Required: Quick or Full.");

        var statements = new List<FinancialStatement>();
        var inline = request.Statements ?? [];
        errors.AddIf(inline.Count > MaxStatements, "statements", $"At most {MaxStatements} statements at once.");
        for (var i = 0; i < Math.Min(inline.Count, MaxStatements); i++)
        {
            if (StatementParsing.Parse(inline[i], $"statements[{i}].", currentYear, errors, warnings) is { } parsed)
            {
                statements.Add(parsed);
            }
        }

        foreach (var problem in StatementRules.CheckSeries([.. statements.Select(s => s.FiscalYear)], "statements"))
        {
            errors.Add(problem.Field, problem.Message);
        }

        AssessmentInput? assessment = null;
        if (request.Kind == DiagnosisKind.Full)
        {
            assessment = ValidateAssessment(request.Assessment, errors);
        }
        else if (request.Assessment is not null)
        {
            errors.Add("assessment", "A quick diagnosis takes no assessment: ask for kind Full.");
        }

        return (new ValidDiagnosisRequest(request.EnterpriseId ?? Guid.Empty, ward, string.IsNullOrEmpty(industry) ? null : industry,
            request.Kind ?? DiagnosisKind.Quick, statements), assessment);
    }

    private static AssessmentInput? ValidateAssessment(AssessmentRequest? request, FieldErrors errors)
    {
        if (request?.Items is not { } items)
        {
            errors.Add("assessment.items", $"A full diagnosis needs the six item scores: {string.Join(", ", AssessmentItems.All)}.");
            return null;
        }

        var before = errors.ToDictionary().Count;
        foreach (var item in AssessmentItems.All)
        {
            if (!items.TryGetValue(item, out var score))
            {
                errors.Add($"assessment.items.{item}", "Required (1–5).");
            }
            else
            {
                errors.AddIf(score is < 1 or > 5, $"assessment.items.{item}", "A score from 1 to 5.");
            }
        }

        foreach (var unknown in items.Keys.Except(AssessmentItems.All))
        {
            errors.Add($"assessment.items.{unknown}", "Not an assessment item.");
        }

        var viewpoints = new List<ViewpointScore>();
        var given = request.Viewpoints ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            var v = given[i];
            var prefix = $"assessment.viewpoints[{i}].";
            errors.AddIf(v.Viewpoint is null || !Viewpoints.All.Contains(v.Viewpoint), prefix + "viewpoint", $"One of {string.Join(", ", Viewpoints.All)}.");
            errors.AddIf(v.Score is not (>= 1 and <= 5), prefix + "score", "A score from 1 to 5.");
            errors.AddIf((v.Evidence?.Length ?? 0) > MaxEvidenceLength, prefix + "evidence", $"At most {MaxEvidenceLength} characters.");
            if (v.Viewpoint is not null && v.Score is { } s)
            {
                viewpoints.Add(new ViewpointScore(v.Viewpoint, s, v.Evidence?.Trim() ?? ""));
            }
        }

        errors.AddIf(viewpoints.GroupBy(v => v.Viewpoint).Any(g => g.Count() > 1), "assessment.viewpoints", "Each viewpoint at most once.");
        return errors.ToDictionary().Count == before ? new AssessmentInput(items, viewpoints) : null;
    }

    [GeneratedRegex("^[a-z][a-z-]{0,39}$")]
    private static partial Regex WardCode();

    [GeneratedRegex("^[A-T][0-9]{0,4}$")]
    private static partial Regex IndustryCode();
}
