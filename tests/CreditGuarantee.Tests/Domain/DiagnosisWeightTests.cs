using FsCheck;
using FsCheck.Fluent;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.CreditGuarantee.Application.Examination;
using SmePlatform.CreditGuarantee.Clients;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using DiagnosisMessage = SmePlatform.Contracts.Diagnosis.V1.DiagnosisSummary;
using IndicatorMessage = SmePlatform.Contracts.Diagnosis.V1.Indicator;

namespace SmePlatform.CreditGuarantee.Tests.Domain;

/// <summary>
/// The diagnosis' weight in the grade (GradingRules.DiagnosisGrades), the Diagnosis service's answer as the decision
/// reads it (the pre-sort group, the completion date in Shanghai), and what a read that failed makes of a consent.
/// </summary>
public sealed class DiagnosisWeightTests
{
    private static GradingRules Rules(int grades) => TestData.Config.Grading with { DiagnosisGrades = grades };

    [Fact]
    public void A_usable_diagnosis_moves_the_grade_by_at_most_its_weight_in_its_bands_direction_never_beyond_1_or_9() =>
        Prop.ForAll(Gen.Choose(0, GradingRules.MaxDiagnosisGrades).ToArbitrary(), Gen.Choose(1, FeeSchedule.Grades).ToArbitrary(),
            Gen.Elements(Enum.GetValues<DiagnosisBand>()).ToArbitrary(), (weight, grade, band) =>
            {
                var (moved, explanation) = RiskGrading.ApplyDiagnosis(Rules(weight), RiskGrade.Of(grade), new LatestDiagnosis(band, TestData.Today, true), TestData.Today);
                var expected = band switch
                {
                    DiagnosisBand.A => Math.Max(1, grade - weight),
                    DiagnosisBand.C => Math.Min(FeeSchedule.Grades, grade + weight),
                    _ => grade,
                };
                return moved.Number == expected && explanation is not null;
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void Weight_two_moves_worked_example_1_from_grade_2_to_grade_4_for_band_C_and_weight_0_leaves_it()
    {
        var c = new LatestDiagnosis(DiagnosisBand.C, TestData.Today, true);
        var two = RiskGrading.Assess(Rules(2), TestData.ThreeYears, c, TestData.Today);
        Assert.Equal((2, 4), (two.FinancialGrade.Number, two.Grade.Number));
        Assert.EndsWith("2 grades worse, 2 → 4.", two.DiagnosisAdjustment, StringComparison.Ordinal);
        var none = RiskGrading.Assess(Rules(0), TestData.ThreeYears, c, TestData.Today);
        Assert.Equal(2, none.Grade.Number);
        Assert.Contains("no weight", none.DiagnosisAdjustment, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void A_weight_outside_0_to_2_is_a_field_error(int grades)
    {
        var errors = GuaranteeConfigurationValidator.Validate(TestData.Config with { Grading = Rules(grades) });
        Assert.Equal(["0 to 2 grades."], errors["grading.diagnosisGrades"]);
    }

    [Fact]
    public void The_services_answer_gives_the_pre_sort_band_on_the_days_date_in_Shanghai_and_each_indicator_undefined_or_scored()
    {
        var message = new DiagnosisMessage
        {
            DiagnosisId = Guid.CreateVersion7().ToString(), EnterpriseId = Guid.CreateVersion7().ToString(), Number = 2, Kind = "full", FiscalYear = 2025,
            Rank = "B", PreSort = "C", AssessmentBand = "", TotalScore = 19, Advisor = "advisor.chen",
            // 20:30 UTC on 31 May is 04:30 on 1 June in Shenyang.
            CompletedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 5, 31, 20, 30, 0, TimeSpan.Zero)),
        };
        message.Indicators.Add(new IndicatorMessage { Code = "operating_margin", Value = new DecimalValue { Units = 0, Nanos = 70_000_000 }, Score = 4 });
        message.Indicators.Add(new IndicatorMessage { Code = "ebitda_debt_multiple", Reason = "negative_ebitda" });

        var report = DiagnosisReport.From(message);

        Assert.Equal(new CreditGuarantee.Domain.DiagnosisSummary(DiagnosisBand.C, new DateOnly(2026, 6, 1)), report.Summary);
        Assert.Null(report.AssessmentBand);
        Assert.Equal(new DiagnosedIndicator("operating_margin", 0.07m, null, 4), report.Indicators[0]);
        Assert.Equal(new DiagnosedIndicator("ebitda_debt_multiple", null, "negative_ebitda", 0), report.Indicators[1]);
        Assert.Null((report with { PreSort = null }).Summary);
    }

    [Fact]
    public void A_consent_whose_diagnosis_could_not_be_read_is_unavailable_never_none_and_without_consent_nothing_counts()
    {
        var row = new ApplicationRow { Id = Guid.CreateVersion7(), EnterpriseId = Guid.CreateVersion7(), ConsentDiagnosis = true };
        var rules = TestData.Config.Grading;

        Assert.Equal(DiagnosisStatus.Unavailable, new DiagnosisRead(row.EnterpriseId, new DiagnosisAnswer.Unavailable("it answered Unavailable")).Use(rules, row, TestData.Today).Status);
        Assert.Equal(DiagnosisStatus.Unavailable, DiagnosisRead.NotAsked.Use(rules, row, TestData.Today).Status);
        Assert.Equal(DiagnosisStatus.Unavailable, new DiagnosisRead(Guid.CreateVersion7(), new DiagnosisAnswer.None()).Use(rules, row, TestData.Today).Status);
        Assert.Equal(DiagnosisStatus.NoneAvailable, new DiagnosisRead(row.EnterpriseId, new DiagnosisAnswer.None()).Use(rules, row, TestData.Today).Status);
        Assert.NotNull(DiagnosisReads.RefuseWithout(DiagnosisUses.Unavailable("x"), rules));
        Assert.Null(DiagnosisReads.RefuseWithout(DiagnosisUses.Unavailable("x"), Rules(0)));

        var withoutConsent = new ApplicationRow { Id = row.Id, EnterpriseId = row.EnterpriseId, ConsentDiagnosis = false };
        Assert.Equal(DiagnosisStatus.NotConsented,
            new DiagnosisRead(row.EnterpriseId, new DiagnosisAnswer.Unavailable("x")).Use(rules, withoutConsent, TestData.Today).Status);
    }
}
