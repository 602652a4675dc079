namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>The validator's grading and workflow rules, and the checks of single values every section shares.</summary>
public static partial class GuaranteeConfigurationValidator
{
    private static void ValidateGrading(GradingRules grading, Errors errors)
    {
        if (grading.OcfWeight < 1)
        {
            errors.Add("grading.ocfWeight", "The operating cash flow weight is at least 1.");
        }

        Bands(grading.OcfMargin, "grading.ocfMargin", descending: true, errors);
        Bands(grading.EquityRatio, "grading.equityRatio", descending: true, errors);
        Bands(grading.DebtMultiple, "grading.debtMultiple", descending: false, errors);
        if (grading.OcfCapWhenEarlierYearNegative < 0)
        {
            errors.Add("grading.ocfCapWhenEarlierYearNegative", "Cannot be negative.");
        }

        var minimums = grading.GradeMinimumPoints;
        if (minimums.Count != FeeSchedule.Grades)
        {
            errors.Add("grading.gradeMinimumPoints", $"Exactly {FeeSchedule.Grades} minimums are needed, one per grade.");
        }
        else
        {
            for (var i = 1; i < minimums.Count; i++)
            {
                if (minimums[i] >= minimums[i - 1])
                {
                    errors.Add($"grading.gradeMinimumPoints[{i}]", $"Grade {i + 1} must need fewer points than grade {i}.");
                }
            }

            if (minimums[^1] != 0)
            {
                errors.Add($"grading.gradeMinimumPoints[{minimums.Count - 1}]", "Grade 9 needs 0 points, so that every enterprise gets a grade.");
            }

            if (minimums[0] > grading.MaxPoints)
            {
                errors.Add("grading.gradeMinimumPoints[0]", $"Grade 1 needs {minimums[0]} points but at most {grading.MaxPoints} can be scored.");
            }
        }

        if (grading.DiagnosisMaxAgeMonths < 0)
        {
            errors.Add("grading.diagnosisMaxAgeMonths", "Cannot be negative.");
        }

        if (grading.DiagnosisGrades is < 0 or > GradingRules.MaxDiagnosisGrades)
        {
            errors.Add("grading.diagnosisGrades", $"0 to {GradingRules.MaxDiagnosisGrades} grades.");
        }
    }

    private static void ValidateWorkflow(WorkflowRules workflow, Errors errors)
    {
        Positive(workflow.SecondExaminerAboveLoanAmount, "workflow.secondExaminerAboveLoanAmount", "The second-examiner threshold", errors);
        if (workflow.DefaultTriggerDaysPastDue < 1)
        {
            errors.Add("workflow.defaultTriggerDaysPastDue", "The default trigger is at least 1 day past due.");
        }

        if (workflow.AntiSplittingWindowDays < 0)
        {
            errors.Add("workflow.antiSplittingWindowDays", "Cannot be negative.");
        }

        if (workflow.ExaminationTimeLimitWorkingDays is < 1 or > ExaminationTimeLimit.MaxWorkingDays)
        {
            errors.Add("workflow.examinationTimeLimitWorkingDays", $"1 to {ExaminationTimeLimit.MaxWorkingDays} working days.");
        }
    }

    private static void Bands(IReadOnlyList<ScoreBand> bands, string path, bool descending, Errors errors)
    {
        for (var i = 0; i < bands.Count; i++)
        {
            if (bands[i].Points < 1)
            {
                errors.Add($"{path}[{i}].points", "A band earns at least 1 point (a value in no band earns 0).");
            }

            if (i == 0)
            {
                continue;
            }

            var ordered = descending ? bands[i].Bound < bands[i - 1].Bound : bands[i].Bound > bands[i - 1].Bound;
            if (!ordered)
            {
                errors.Add($"{path}[{i}].bound", descending ? "Bounds must descend (best band first)." : "Bounds must ascend (best band first).");
            }

            if (bands[i].Points >= bands[i - 1].Points)
            {
                errors.Add($"{path}[{i}].points", "Each band earns fewer points than the one before.");
            }
        }
    }

    private static void Positive(decimal amount, string field, string label, Errors errors)
    {
        if (amount <= 0)
        {
            errors.Add(field, $"{label} must be greater than zero.");
        }
        else if (amount > Money.MaxAmount || !Money.HasAtMostTwoDecimals(amount))
        {
            errors.Add(field, $"{label} is an amount in CNY with at most two decimals.");
        }
    }

    private static void Share(decimal share, string field, Errors errors)
    {
        if (share is <= 0 or > 1)
        {
            errors.Add(field, "A share is a fraction above 0 and at most 1 (0.40 for 40%).");
        }
    }

    private static void Factor(decimal factor, string field, Errors errors)
    {
        if (factor is <= 0 or > 1)
        {
            errors.Add(field, "A factor is above 0 and at most 1.");
        }
    }
}
