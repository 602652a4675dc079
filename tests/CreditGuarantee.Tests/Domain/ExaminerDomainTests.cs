using SmePlatform.SharedKernel;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Tests.Domain;

/// <summary>The pure rules behind the examiner's queue and application view: time limit, headroom, diagnosis use.</summary>
public sealed class ExaminerDomainTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static readonly WorkflowRules Rules = GuaranteeConfiguration.Preset.Workflow;
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.China;

    [Fact]
    public void The_time_limit_counts_working_days_across_mid_autumn_and_national_day()
    {
        // Thursday 24 September 2026: Mid-Autumn (25–27 Sep) and National Day (1–7 Oct) are off, Saturday 10 Oct is worked.
        var submitted = new DateTimeOffset(2026, 9, 24, 10, 0, 0, Shanghai);

        var deadline = ExaminationTimeLimit.Deadline(Calendar, Rules, submitted);

        Assert.Equal(10, Rules.ExaminationTimeLimitWorkingDays);
        Assert.Equal(new DateOnly(2026, 10, 15), deadline.DueDate);
        Assert.False(ExaminationTimeLimit.IsOverdue(Calendar, Rules, ApplicationState.UnderExamination, submitted,
            new DateTimeOffset(2026, 10, 15, 23, 59, 0, Shanghai)));
        Assert.True(ExaminationTimeLimit.IsOverdue(Calendar, Rules, ApplicationState.UnderExamination, submitted,
            new DateTimeOffset(2026, 10, 16, 0, 0, 0, Shanghai)));
    }

    [Theory]
    [InlineData(ApplicationState.MoreInformationRequested)]
    [InlineData(ApplicationState.Approved)]
    [InlineData(ApplicationState.Declined)]
    [InlineData(ApplicationState.Active)]
    public void Only_an_application_owed_a_decision_is_overdue(ApplicationState state)
    {
        var submitted = new DateTimeOffset(2026, 3, 2, 9, 0, 0, Shanghai);
        var muchLater = submitted.AddDays(90);
        Assert.False(ExaminationTimeLimit.IsOverdue(Calendar, Rules, state, submitted, muchLater));
        Assert.True(ExaminationTimeLimit.IsOverdue(Calendar, Rules, ApplicationState.Submitted, submitted, muchLater));
    }

    [Fact]
    public void The_overdue_instant_splits_submissions_exactly_as_each_deadline_does()
    {
        // Every "now" from late January (Spring Festival ahead) to December 2026, against submissions every 5 hours before it.
        for (var now = new DateTimeOffset(2026, 1, 20, 8, 30, 0, Shanghai); now.Year == 2026; now = now.AddHours(61))
        {
            var before = ExaminationTimeLimit.OverdueBefore(Calendar, Rules, now);
            for (var submitted = now.AddDays(-45); submitted <= now; submitted = submitted.AddHours(5))
            {
                var overdue = ExaminationTimeLimit.IsOverdue(Calendar, Rules, ApplicationState.UnderExamination, submitted, now);
                Assert.True(overdue == submitted < before, $"now {now:O}, submitted {submitted:O}, overdue before {before:O}");
            }
        }
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(ExaminationTimeLimit.MaxWorkingDays, false)]
    [InlineData(ExaminationTimeLimit.MaxWorkingDays + 1, true)]
    public void The_time_limit_is_part_of_the_validated_configuration(int workingDays, bool refused)
    {
        var config = GuaranteeConfiguration.Preset with { Workflow = Rules with { ExaminationTimeLimitWorkingDays = workingDays } };
        Assert.Equal(refused, GuaranteeConfigurationValidator.Validate(config).ContainsKey("workflow.examinationTimeLimitWorkingDays"));
    }

    [Fact]
    public void A_configuration_stored_before_the_time_limit_existed_reads_as_the_preset()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(Data.ConfigurationStore.Serialize(GuaranteeConfiguration.Preset))!.AsObject();
        Assert.True(document["workflow"]!.AsObject().Remove("examinationTimeLimitWorkingDays"));

        var stored = Data.ConfigurationStore.Deserialize(document.ToJsonString());

        Assert.Equal(ExaminationTimeLimit.PresetWorkingDays, stored.Workflow.ExaminationTimeLimitWorkingDays);
    }

    [Fact]
    public void A_shorter_configured_limit_makes_an_application_overdue_sooner()
    {
        var submitted = new DateTimeOffset(2026, 9, 24, 10, 0, 0, Shanghai);
        var fiveDays = Rules with { ExaminationTimeLimitWorkingDays = 5 };
        // 28, 29, 30 September, 8 and 9 October: due Friday 9 October.
        Assert.Equal(new DateOnly(2026, 10, 9), ExaminationTimeLimit.Deadline(Calendar, fiveDays, submitted).DueDate);
        Assert.Equal(new DateTimeOffset(2026, 9, 25, 0, 0, 0, Shanghai),
            ExaminationTimeLimit.OverdueBefore(Calendar, fiveDays, new DateTimeOffset(2026, 10, 10, 9, 0, 0, Shanghai)));
    }

    [Fact]
    public void Headroom_is_what_the_caps_still_admit_for_the_applications_groups()
    {
        var lines = ExposureHeadroom.For(TestData.Config, TestData.Subject, TestData.Exposure).ToDictionary(l => l.Code);

        Assert.Equal((0m, 5_000_000m, 5_000_000m), (lines[ScreeningCodes.EnterpriseCeiling].Used, lines[ScreeningCodes.EnterpriseCeiling].Cap!.Value,
            lines[ScreeningCodes.EnterpriseCeiling].Headroom!.Value));
        Assert.Equal((10_000_000m, 50_000_000m, 40_000_000m), (lines[ScreeningCodes.BankCap].Used, lines[ScreeningCodes.BankCap].Cap!.Value,
            lines[ScreeningCodes.BankCap].Headroom!.Value));
        Assert.Equal((60_000_000m, 1_000_000_000m, 940_000_000m), (lines[ScreeningCodes.FundLeverage].Used, lines[ScreeningCodes.FundLeverage].Cap!.Value,
            lines[ScreeningCodes.FundLeverage].Headroom!.Value));
        // 40% of CNY 60 M is CNY 24 M, but adding to the section also grows the fund: (24 M − 20 M) ÷ 0.6.
        var industry = lines[ScreeningCodes.IndustryConcentration];
        Assert.Equal((20_000_000m, 24_000_000m, 6_666_666.66m, 0.40m, true), (industry.Used, industry.Cap!.Value, industry.Headroom!.Value,
            industry.LimitShare!.Value, industry.Applies));
        Assert.Equal(15_000_000m, lines[ScreeningCodes.WardConcentration].Used);
    }

    [Theory]
    [InlineData(ScreeningCodes.EnterpriseCeiling)]
    [InlineData(ScreeningCodes.BankCap)]
    [InlineData(ScreeningCodes.IndustryConcentration)]
    [InlineData(ScreeningCodes.WardConcentration)]
    public void Exactly_the_headroom_passes_the_limits_check_and_one_fen_more_fails_it(string code)
    {
        var headroom = ExposureHeadroom.For(TestData.Config, TestData.Subject, TestData.Exposure).Single(l => l.Code == code).Headroom!.Value;

        bool Passes(decimal amount) => Screening.Limits(TestData.Config, TestData.Subject, TestData.Exposure, amount).Checks.Single(c => c.Code == code).Passed;

        Assert.True(Passes(headroom));
        Assert.False(Passes(headroom + 0.01m));
    }

    [Fact]
    public void A_bank_without_an_agreement_in_force_has_no_cap_and_no_headroom()
    {
        var line = ExposureHeadroom.For(TestData.Config, TestData.Subject with { BankId = "no-such-bank" }, TestData.Exposure)
            .Single(l => l.Code == ScreeningCodes.BankCap);
        Assert.Null(line.Cap);
        Assert.Null(line.Headroom);
        Assert.Contains("no partner agreement", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_consent_no_diagnosis_reaches_the_decision_even_when_one_exists()
    {
        var use = DiagnosisUses.Evaluate(TestData.Config.Grading, consented: false, new DiagnosisSummary(DiagnosisBand.A, TestData.Today), TestData.Today);
        Assert.Equal(DiagnosisStatus.NotConsented, use.Status);
        Assert.Null(use.ForDecision);
        Assert.Null(use.Latest);
    }

    [Fact]
    public void With_consent_and_no_diagnosis_the_view_says_none_is_available_and_where_it_will_come_from()
    {
        var use = DiagnosisUses.Evaluate(TestData.Config.Grading, consented: true, latest: null, TestData.Today);
        Assert.Equal(DiagnosisStatus.NoneAvailable, use.Status);
        Assert.Null(use.ForDecision);
        Assert.StartsWith("No diagnosis available", use.Explanation, StringComparison.Ordinal);
        Assert.Contains("Diagnosis service", use.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-03-16", DiagnosisStatus.Used)]
    [InlineData("2024-03-15", DiagnosisStatus.TooOld)]
    public void A_consented_diagnosis_is_used_while_at_most_24_months_old(string assessedOn, DiagnosisStatus status)
    {
        var summary = new DiagnosisSummary(DiagnosisBand.A, DateOnly.Parse(assessedOn, null));
        var use = DiagnosisUses.Evaluate(TestData.Config.Grading, consented: true, summary, TestData.Today);

        Assert.Equal(status, use.Status);
        Assert.Equal(new LatestDiagnosis(DiagnosisBand.A, summary.AssessedOn, ConsentGiven: true), use.ForDecision);
        var decision = GuaranteeDecisions.Decide(TestData.Config, TestData.DecisionInput with { Diagnosis = use.ForDecision });
        // The statements give grade 2; only a usable band A moves it, and the reasons say why either way.
        Assert.Equal(status == DiagnosisStatus.Used ? 1 : 2, decision.Risk.Grade.Number);
        Assert.Contains(decision.Reasons, r => r.Contains(assessedOn, StringComparison.Ordinal));
    }

    [Fact]
    public void A_usable_diagnosis_moves_any_grade_by_at_most_one_notch()
    {
        foreach (var band in Enum.GetValues<DiagnosisBand>())
        {
            for (var grade = 1; grade <= FeeSchedule.Grades; grade++)
            {
                var use = DiagnosisUses.Evaluate(TestData.Config.Grading, consented: true, new DiagnosisSummary(band, TestData.Today), TestData.Today);
                var moved = RiskGrading.ApplyDiagnosis(TestData.Config.Grading, RiskGrade.Of(grade), use.ForDecision, TestData.Today).Grade.Number!.Value;
                Assert.InRange(moved - grade, -1, 1);
                Assert.Equal(band switch { DiagnosisBand.A => Math.Max(1, grade - 1), DiagnosisBand.C => Math.Min(FeeSchedule.Grades, grade + 1), _ => grade }, moved);
            }
        }
    }
}
