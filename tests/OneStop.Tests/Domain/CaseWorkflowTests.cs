using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class CaseWorkflowTests
{
    internal static readonly DateTimeOffset T0 = new(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(8));

    internal static Case NewCase(params RequiredDocument[] checklist) =>
        CaseWorkflow.Open(Guid.CreateVersion7(), Guid.CreateVersion7(), "heping", "business-registration",
            checklist.Length > 0 ? checklist : [new RequiredDocument("licence-application", "Licence application"), new RequiredDocument("lease", "Lease contract"), new RequiredDocument("photo", "Photo", Required: false)],
            "clerk-1", T0);

    private static Case Ok(DomainResult<Case> result)
    {
        Assert.True(result.IsOk, result.Error?.Message);
        return result.Value!;
    }

    private static Case AllReceived(Case c) =>
        c.Documents.Aggregate(c, (acc, d) => Ok(CaseWorkflow.ReceiveDocument(acc, d.Code, "clerk-1", T0)));

    private static CaseCommand Command(CaseAction action, int minutes = 5, string? reason = null) =>
        new(action, "clerk-1", T0.AddMinutes(minutes), reason);

    private const string X = "-";

    /// <summary>
    /// The whole state machine, written out by hand: rows are states, columns actions in enum order
    /// (Start, RequestDocuments, ResumeWork, Refer, ReturnFromReferral, Complete, Reject, Withdraw, Reopen).
    /// </summary>
    private static readonly Dictionary<CaseState, string[]> Expected = new()
    {
        [CaseState.Received] = ["InProgress", "WaitingForDocuments", X, "Referred", X, X, "Rejected", "Withdrawn", X],
        [CaseState.InProgress] = [X, "WaitingForDocuments", X, "Referred", X, "Completed", "Rejected", "Withdrawn", X],
        [CaseState.WaitingForDocuments] = [X, X, "InProgress", X, X, X, "Rejected", "Withdrawn", X],
        [CaseState.Referred] = [X, X, X, "Referred", "InProgress", X, "Rejected", "Withdrawn", X],
        [CaseState.Completed] = [X, X, X, X, X, X, X, X, "InProgress"],
        [CaseState.Rejected] = [X, X, X, X, X, X, X, X, "InProgress"],
        [CaseState.Withdrawn] = [X, X, X, X, X, X, X, X, X],
    };

    public static TheoryData<CaseState, CaseAction> EveryStateAndAction()
    {
        var data = new TheoryData<CaseState, CaseAction>();
        foreach (var state in Enum.GetValues<CaseState>())
        {
            foreach (var action in Enum.GetValues<CaseAction>())
            {
                data.Add(state, action);
            }
        }

        return data;
    }

    [Fact]
    public void The_expected_table_covers_every_state_and_action()
    {
        Assert.Equal(Enum.GetValues<CaseState>().Order(), Expected.Keys.Order());
        Assert.All(Expected.Values, row => Assert.Equal(Enum.GetValues<CaseAction>().Length, row.Length));
    }

    /// <summary>Every (state × action), with the guards satisfied, so that only the transition table decides.</summary>
    [Theory]
    [MemberData(nameof(EveryStateAndAction))]
    public void Every_state_and_action(CaseState state, CaseAction action)
    {
        var c = NewCase();
        c = action == CaseAction.RequestDocuments ? c : AllReceived(c);
        c = c with { State = state };
        var referral = action == CaseAction.Refer
            ? ReferralWorkflow.Send(Guid.CreateVersion7(), c, ReferralTarget.Diagnosis, "check finances", "clerk-1", T0.AddMinutes(5)).Value
            : null;

        var result = CaseWorkflow.Apply(c, new CaseCommand(action, "clerk-1", T0.AddMinutes(5), "because", referral));

        var expected = Expected[state][(int)action];
        if (expected == X)
        {
            Assert.False(result.IsOk);
            Assert.Equal(DomainErrorKind.Conflict, result.Error!.Kind);
            Assert.Equal(state == CaseState.Withdrawn && action == CaseAction.Reopen ? "withdrawn-cannot-reopen" : "illegal-case-transition",
                result.Error.Code);
            return;
        }

        Assert.True(result.IsOk, result.Error?.Message);
        Assert.Equal(Enum.Parse<CaseState>(expected), result.Value!.State);
        var logged = Assert.Single(result.Value.History);
        Assert.Equal((action, state, result.Value.State, "clerk-1", T0.AddMinutes(5)), (logged.Action, logged.From, logged.To, logged.Actor, logged.At));
    }

    [Fact]
    public void Allowed_actions_match_the_table()
    {
        foreach (var (state, row) in Expected)
        {
            var fromTable = Enum.GetValues<CaseAction>().Where(a => row[(int)a] != X);
            Assert.Equal(fromTable, CaseWorkflow.AllowedActions(state));
        }
    }

    [Fact]
    public void A_case_cannot_complete_while_a_required_document_is_missing()
    {
        var c = Ok(CaseWorkflow.Apply(NewCase(), Command(CaseAction.Start)));
        c = Ok(CaseWorkflow.ReceiveDocument(c, "licence-application", "clerk-1", T0.AddMinutes(6)));

        var refused = CaseWorkflow.Apply(c, Command(CaseAction.Complete, 10));
        Assert.Equal("documents-missing", refused.Error!.Code);
        Assert.Contains("Lease contract", refused.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Photo", refused.Error.Message, StringComparison.Ordinal); // optional documents do not block
    }

    [Fact]
    public void A_waived_document_counts_as_there_and_keeps_its_reason()
    {
        var c = Ok(CaseWorkflow.Apply(NewCase(), Command(CaseAction.Start)));
        c = Ok(CaseWorkflow.ReceiveDocument(c, "licence-application", "clerk-1", T0.AddMinutes(6)));
        c = Ok(CaseWorkflow.WaiveDocument(c, "LEASE", "Premises owned by the enterprise; deed seen", "supervisor-1", T0.AddMinutes(7)));

        var lease = c.Documents.Single(d => d.Code == "lease");
        Assert.Equal((DocumentStatus.Waived, "Premises owned by the enterprise; deed seen", "supervisor-1"), (lease.Status, lease.WaiverReason, lease.ChangedBy));
        Assert.Equal(CaseState.Completed, Ok(CaseWorkflow.Apply(c, Command(CaseAction.Complete, 10))).State);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Waiving_needs_a_reason(string? reason) =>
        Assert.Equal("reason-required", CaseWorkflow.WaiveDocument(NewCase(), "lease", reason, "clerk-1", T0).Error!.Code);

    [Fact]
    public void A_received_document_found_unusable_goes_back_to_missing()
    {
        var c = Ok(CaseWorkflow.ReceiveDocument(NewCase(), "lease", "clerk-1", T0));
        c = Ok(CaseWorkflow.MarkDocumentMissing(c, "lease", "clerk-1", T0.AddMinutes(1)));
        Assert.Contains(c.MissingRequiredDocuments, d => d.Code == "lease");
    }

    [Fact]
    public void An_unknown_document_is_a_field_error() =>
        Assert.Equal("documentCode", CaseWorkflow.ReceiveDocument(NewCase(), "passport", "clerk-1", T0).Error!.Field);

    [Fact]
    public void The_checklist_of_a_closed_case_no_longer_changes()
    {
        var c = Ok(CaseWorkflow.Apply(NewCase(), Command(CaseAction.Withdraw, reason: "Enterprise chose another city")));
        Assert.Equal("case-closed", CaseWorkflow.ReceiveDocument(c, "lease", "clerk-1", T0.AddMinutes(10)).Error!.Code);
    }

    [Fact]
    public void Waiting_for_documents_needs_a_missing_required_document()
    {
        var c = AllReceived(NewCase());
        Assert.Equal("no-documents-missing", CaseWorkflow.Apply(c, Command(CaseAction.RequestDocuments)).Error!.Code);
    }

    [Theory]
    [InlineData(CaseAction.Reject)]
    [InlineData(CaseAction.Withdraw)]
    public void Rejecting_and_withdrawing_need_a_reason(CaseAction action)
    {
        var refused = CaseWorkflow.Apply(NewCase(), Command(action, reason: " "));
        Assert.Equal(("reason-required", "reason", DomainErrorKind.Invalid), (refused.Error!.Code, refused.Error.Field, refused.Error.Kind));
        var done = Ok(CaseWorkflow.Apply(NewCase(), Command(action, reason: "  Duplicate of case 42 ")));
        Assert.Equal("Duplicate of case 42", done.History[^1].Reason);
    }

    [Fact]
    public void Reopening_needs_a_reason_and_a_withdrawn_case_is_never_reopened()
    {
        var completed = Ok(CaseWorkflow.Apply(AllReceived(NewCase()) with { State = CaseState.InProgress }, Command(CaseAction.Complete)));
        Assert.Equal("reason-required", CaseWorkflow.Apply(completed, Command(CaseAction.Reopen, 10)).Error!.Code);
        Assert.Equal(CaseState.InProgress, Ok(CaseWorkflow.Apply(completed, Command(CaseAction.Reopen, 10, "Licence printed wrongly"))).State);

        var withdrawn = Ok(CaseWorkflow.Apply(NewCase(), Command(CaseAction.Withdraw, reason: "Changed their mind")));
        var refused = CaseWorkflow.Apply(withdrawn, Command(CaseAction.Reopen, 10, "They came back"));
        Assert.Equal("withdrawn-cannot-reopen", refused.Error!.Code);
        Assert.Contains("open a new case", refused.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_reject_withdraw_and_reopen_need_a_reason() =>
        Assert.Equal([CaseAction.Reject, CaseAction.Withdraw, CaseAction.Reopen],
            Enum.GetValues<CaseAction>().Where(CaseWorkflow.NeedsReason));

    [Fact]
    public void A_change_dated_before_the_last_one_is_refused()
    {
        var started = Ok(CaseWorkflow.Apply(NewCase(), Command(CaseAction.Start, 30)));
        Assert.Equal("time-before-last-change", CaseWorkflow.Apply(started, Command(CaseAction.RequestDocuments, 10)).Error!.Code);
    }

    [Fact]
    public void Referring_needs_the_referral_of_this_case()
    {
        var c = Ok(CaseWorkflow.Apply(NewCase(), Command(CaseAction.Start)));
        Assert.Equal("referral-required", CaseWorkflow.Apply(c, Command(CaseAction.Refer, 10)).Error!.Code);

        var other = NewCase();
        var foreign = ReferralWorkflow.Send(Guid.CreateVersion7(), other, ReferralTarget.Diagnosis, null, "clerk-1", T0).Value!;
        Assert.Equal("referral-required", CaseWorkflow.Apply(c, new CaseCommand(CaseAction.Refer, "clerk-1", T0.AddMinutes(10), null, foreign)).Error!.Code);
    }

    [Fact]
    public void A_whole_case_from_opening_to_completion_logs_every_step()
    {
        var c = NewCase();
        c = Ok(CaseWorkflow.Apply(c, Command(CaseAction.Start, 1)));
        c = Ok(CaseWorkflow.Apply(c, Command(CaseAction.RequestDocuments, 2)));
        c = Ok(CaseWorkflow.ReceiveDocument(c, "licence-application", "clerk-1", T0.AddDays(1)));
        c = Ok(CaseWorkflow.ReceiveDocument(c, "lease", "clerk-1", T0.AddDays(1)));
        c = Ok(CaseWorkflow.Apply(c, new CaseCommand(CaseAction.ResumeWork, "clerk-2", T0.AddDays(1))));
        c = Ok(CaseWorkflow.Apply(c, new CaseCommand(CaseAction.Complete, "clerk-2", T0.AddDays(2))));
        Assert.True(c.IsClosed);
        Assert.Equal(
            [(CaseState.Received, CaseState.InProgress), (CaseState.InProgress, CaseState.WaitingForDocuments),
             (CaseState.WaitingForDocuments, CaseState.InProgress), (CaseState.InProgress, CaseState.Completed)],
            c.History.Select(h => (h.From, h.To)));
        Assert.Equal("clerk-2", c.History[^1].Actor);
    }
}
