using Google.Protobuf.WellKnownTypes;
using ProtoStatement = SmePlatform.Contracts.Guarantee.V1.FinancialStatement;
using RestSubmission = SmePlatform.CreditGuarantee.Application.Applications.SubmitApplicationRequest;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.Contracts.Guarantee.V1;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Data;

namespace SmePlatform.CreditGuarantee.Grpc;

/// <summary>
/// Between the gRPC messages and the REST API's own request and view records, so that both transports share one
/// validation and one view of an application. An empty string or unset message is "not given", as an absent JSON field.
/// </summary>
public static class BankApplicationMessages
{
    private const decimal NanosPerUnit = 1_000_000_000m;

    public static DecimalValue? ToDecimalValue(decimal? value)
    {
        if (value is not { } v)
        {
            return null;
        }

        var units = decimal.Truncate(v);
        return new DecimalValue { Units = (long)units, Nanos = (int)decimal.Truncate((v - units) * NanosPerUnit) };
    }

    public static decimal? ToDecimal(DecimalValue? value) => value is null ? null : value.Units + (value.Nanos / NanosPerUnit);

    private static string? Text(string value) => value.Length == 0 ? null : value;

    public static RestSubmission ToRequest(Contracts.Guarantee.V1.SubmitApplicationRequest r) => new(
        Text(r.ApplicationKey),
        Text(r.Uscc),
        ToDecimal(r.LoanAmount),
        Text(r.Currency),
        r.HasTermMonths ? r.TermMonths : null,
        Text(r.Purpose),
        Text(r.PurposeDetail),
        Text(r.Programme),
        r.Instalments is null ? null : new InstalmentsRequest(Text(r.Instalments.Type), r.Instalments.HasInstalments ? r.Instalments.Instalments : null),
        ToDecimal(r.RequestedCoverage),
        r.Collateral.Count == 0 ? null : [.. r.Collateral.Select(c => new CollateralRequest(Text(c.Type), Text(c.Description), ToDecimal(c.Value)))],
        r.FinancialStatements.Count == 0 ? null : [.. r.FinancialStatements.Select(ToStatement)],
        r.Consent is null ? null : new ConsentRequest(r.Consent.HasUseDiagnosis ? r.Consent.UseDiagnosis : null,
            r.Consent.HasUseCounsellingHistory ? r.Consent.UseCounsellingHistory : null));

    private static StatementRequest ToStatement(ProtoStatement s) => new(
        s.HasFiscalYear ? s.FiscalYear : null, ToDecimal(s.Sales), ToDecimal(s.OperatingProfit), ToDecimal(s.NetProfit), ToDecimal(s.Depreciation),
        ToDecimal(s.Receivables), ToDecimal(s.Inventory), ToDecimal(s.Payables), ToDecimal(s.Cash), ToDecimal(s.Borrowings), ToDecimal(s.TotalAssets),
        ToDecimal(s.NetAssets),
        s.Opening is null ? null : new OpeningRequest(ToDecimal(s.Opening.Receivables), ToDecimal(s.Opening.Inventory), ToDecimal(s.Opening.Payables)));

    public static BankApplication ToMessage(BankApplicationView view)
    {
        var message = new BankApplication
        {
            Id = view.Id.ToString(),
            ApplicationKey = view.ApplicationKey,
            Status = view.Status,
            EnterpriseId = view.Enterprise.Id.ToString(),
            Uscc = view.Enterprise.Uscc,
            EnterpriseName = view.Enterprise.Name,
            LoanAmount = ToDecimalValue(view.LoanAmount),
            Currency = view.Currency,
            TermMonths = view.TermMonths,
            Purpose = view.Purpose,
            Programme = view.Programme,
            InstalmentType = view.Instalments.Type,
            Instalments = view.Instalments.Instalments,
            RequestedCoverage = ToDecimalValue(view.RequestedCoverage),
            InformationRequest = view.InformationRequest?.Question ?? "",
            SubmittedAt = Timestamp.FromDateTimeOffset(view.SubmittedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(view.UpdatedAt),
        };
        if (view.Screening is { } screening)
        {
            message.Screening = new Screening { Passed = screening.Passed };
            message.Screening.Checks.AddRange(screening.Checks.Select(c => new ScreeningCheck { Code = c.Code, Passed = c.Passed, Text = c.Text }));
        }

        if (view.Decision is { } d)
        {
            message.Decision = new Decision
            {
                Outcome = d.Outcome,
                DecidedAt = Timestamp.FromDateTimeOffset(d.DecidedAt),
                RiskGrade = d.RiskGrade ?? 0,
                RiskGradeText = d.RiskGradeText ?? "",
                Coverage = ToDecimalValue(d.Coverage),
                GuaranteedAmount = ToDecimalValue(d.GuaranteedAmount),
                AnnualFeeRate = ToDecimalValue(d.AnnualFeeRate),
                Fee = ToDecimalValue(d.Fee),
                Currency = d.Currency,
            };
            message.Decision.Reasons.AddRange(d.Reasons);
        }

        message.Conditions.AddRange(view.Conditions.Select(c => new Condition { Number = c.Number, Text = c.Text, Reason = c.Reason ?? "", Met = c.Met }));
        if (view.Guarantee is { } g)
        {
            message.Guarantee = new Guarantee
            {
                GuaranteedAmount = ToDecimalValue(g.GuaranteedAmount),
                Outstanding = ToDecimalValue(g.Outstanding),
                ClaimFiled = ToDecimalValue(g.ClaimFiled),
                ClaimPaid = ToDecimalValue(g.ClaimPaid),
                Recovered = ToDecimalValue(g.Recovered),
            };
        }

        return message;
    }

    public static ApplicationSummary ToMessage(BankApplicationSummary s) => new()
    {
        Id = s.Id.ToString(),
        ApplicationKey = s.ApplicationKey,
        Status = s.Status,
        Uscc = s.Uscc,
        EnterpriseName = s.EnterpriseName,
        LoanAmount = ToDecimalValue(s.LoanAmount),
        Currency = s.Currency,
        SubmittedAt = Timestamp.FromDateTimeOffset(s.SubmittedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(s.UpdatedAt),
    };

    public static ApplicationStatusChange ToMessage(BankEventRow e, bool final) => new()
    {
        ApplicationId = e.ApplicationId.ToString(),
        EventId = e.Id.ToString(),
        Type = e.Type,
        StatusFrom = e.StatusFrom,
        StatusTo = e.StatusTo,
        OccurredAt = Timestamp.FromDateTimeOffset(e.OccurredAt),
        PayloadJson = e.Payload,
        Final = final,
    };

    /// <summary>REST's field paths in the .proto's names: loanAmount → loan_amount, financialStatements[0].netAssets → financial_statements[0].net_assets.</summary>
    public static string FieldName(string restPath)
    {
        var builder = new System.Text.StringBuilder(restPath.Length + 8);
        foreach (var c in restPath)
        {
            if (char.IsUpper(c))
            {
                if (builder.Length > 0 && builder[^1] is not ('.' or '[' or '_'))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c == '-' ? '_' : c);
            }
        }

        return builder.ToString();
    }
}
