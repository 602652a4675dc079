using FsCheck;
using FsCheck.Fluent;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Tests.Domain;

/// <summary>
/// Exposure never exceeds a cap when every approval is checked against the approvals before it, which is what the
/// exposure lock guarantees in the service (docs/adr/0010; the concurrent half is CapConcurrencyTests). Coverage never
/// exceeding the configured maximum is CoverageAndFeeTests' property.
/// </summary>
public sealed class CapPropertyTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    private static readonly GuaranteeConfiguration Config = GuaranteeConfiguration.Preset with
    {
        Fund = new FundLimits(Capital: 10_000_000m, LeverageMultiple: 1.5m, EnterpriseCeiling: 4_000_000m),
        PartnerAgreements = [new("bank-a", new DateOnly(2020, 1, 1), null, 9_000_000m), new("bank-b", new DateOnly(2020, 1, 1), null, 6_000_000m)],
    };

    private sealed record Request(string Bank, int Enterprise, char Section, string Ward, decimal Amount);

    private static readonly Gen<Request> Requests =
        from bank in Gen.Elements("bank-a", "bank-b")
        from enterprise in Gen.Choose(0, 3)
        from section in Gen.Elements('C', 'F', 'I')
        from ward in Gen.Elements("tiexi", "heping")
        from fen in Gen.Choose(1, 300_000_000)
        select new Request(bank, enterprise, section, ward, fen / 100m);

    [Fact]
    public void Approvals_checked_one_after_another_never_exceed_the_bank_cap_the_enterprise_ceiling_or_the_leverage() =>
        Prop.ForAll(Gen.ListOf(Requests).Select(l => l.ToList()).ToArbitrary(), requests =>
        {
            var approved = new List<Request>();
            foreach (var r in requests)
            {
                var exposure = new ExposureSnapshot(
                    approved.Sum(a => a.Amount),
                    approved.Where(a => a.Enterprise == r.Enterprise).Sum(a => a.Amount),
                    approved.Where(a => a.Bank == r.Bank).Sum(a => a.Amount),
                    approved.Where(a => a.Section == r.Section).Sum(a => a.Amount),
                    approved.Where(a => a.Ward == r.Ward).Sum(a => a.Amount));
                var subject = new ScreeningSubject(Guid.NewGuid(), r.Bank, Today, r.Section, r.Ward);
                if (Screening.Limits(Config, subject, exposure, r.Amount).Passed)
                {
                    approved.Add(r);
                }
            }

            return approved.Sum(a => a.Amount) <= Config.Fund.GuaranteeCapacity
                && approved.GroupBy(a => a.Enterprise).All(g => g.Sum(a => a.Amount) <= Config.Fund.EnterpriseCeiling)
                && approved.GroupBy(a => a.Bank).All(g => g.Sum(a => a.Amount) <= Config.AgreementOf(g.Key, Today)!.Cap);
        }).QuickCheckThrowOnFailure();
}
