using System.Globalization;
using System.Text.Json;
using SmePlatform.OneStop.Application.Enterprises;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Application.Timeline;

/// <summary>One line of an enterprise's timeline: when, which service reported it, what kind of fact, in plain words, and the id it is about.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Source, string Kind, string Summary, string Reference);

/// <summary>
/// Turns OneStop's own raw facts (register history, case log, referral log) into timeline lines in plain words. Lines
/// other services reported come with their summary already written by their consumer.
/// </summary>
public static class TimelineSummaries
{
    /// <summary>Referral steps the receiving service reported: their source is that service, not OneStop.</summary>
    private static readonly HashSet<string> ReceiverKinds =
        ["referral.accept", "referral.startservice", "referral.recordoutcome", "referral.decline", "referral.reply-ignored"];

    public static TimelineEntry Describe(TimelineRow row)
    {
        if (row.Details is null)
        {
            return new TimelineEntry(row.At, row.Source, row.Kind, row.Summary ?? row.Kind, row.Reference);
        }

        using var document = JsonDocument.Parse(row.Details);
        var d = document.RootElement;
        var source = ReceiverKinds.Contains(row.Kind) && Text(d, "target") is { } target ? Target(target) : row.Source;
        return new TimelineEntry(row.At, source, row.Kind, Summarise(row.Kind, d), row.Reference);
    }

    public static string Summarise(string kind, JsonElement d)
    {
        var reason = Text(d, "reason");
        return kind switch
        {
            "enterprise.registered" => $"Registered {Text(d, "after", "name")} in {WardName(Text(d, "after", "ward"))}" +
                                       (Text(d, "after", "sizeClass") is { } size ? $", classified {size}" : ", not classified") + ".",
            "enterprise.updated" => Updated(d),
            "enterprise.reclassified" => $"Reclassified from {Text(d, "before", "sizeClass") ?? "unclassified"} to {Text(d, "after", "sizeClass") ?? "unclassified"}.",
            "enterprise.deactivated" => $"Deactivated ({Text(d, "after", "deactivationReason") ?? "no reason recorded"})" +
                                        (Text(d, "after", "deactivatedOn") is { } on ? $" on {on}" : "") + ".",
            "enterprise.duplicate-confirmed" => "Registered although similar records exist: staff confirmed it is not a duplicate.",
            "case.opened" => $"Case opened for {Text(d, "procedure")} ({Text(d, "kind")}) by {Text(d, "by")}.",
            "case.milestone" => Milestone(d),
            "case.consultation" => $"Consultation ({Words(Text(d, "stage"))}, by {Text(d, "channel")}) on the {Text(d, "procedure")} case with {Text(d, "staff")}.",
            "case.returnfromreferral" => $"Case for {Text(d, "procedure")} back in progress after its referral" + Because(reason),
            _ when kind.StartsWith("case.", StringComparison.Ordinal) =>
                $"Case for {Text(d, "procedure")}: {Words(Text(d, "action"))}, {Words(Text(d, "from"))} → {Words(Text(d, "to"))}" + Because(reason),
            "referral.sent" => Sent(d),
            "referral.accept" => $"{Target(Text(d, "target"))} accepted the referral" + Because(reason),
            "referral.startservice" => $"{Target(Text(d, "target"))} started serving the referral" +
                                       (Text(d, "receiverReference") is { } reference ? $" (reference {reference})." : "."),
            "referral.recordoutcome" => $"{Target(Text(d, "target"))} reported the outcome: {Words(Text(d, "outcome", "result"))}" +
                                        (Text(d, "outcome", "summary") is { Length: > 0 } said ? $" — {said}" : "."),
            "referral.decline" => $"{Target(Text(d, "target"))} declined the referral" + Because(reason),
            "referral.cancel" => $"Referral to {Target(Text(d, "target"))} cancelled by {Text(d, "actor")}" + Because(reason),
            "referral.acceptance-overdue" => $"Nobody at {Target(Text(d, "target"))} accepted the referral in time: alert raised.",
            "referral.reply-ignored" => $"A late reply from {Target(Text(d, "target"))} ({Words(Text(d, "reply"))}) was recorded but not applied: " +
                                        $"{Text(d, "because")}.",
            _ => Words(kind) + ".",
        };
    }

    private static string Milestone(JsonElement d)
    {
        var amount = Money(d, "amountCny");
        return Text(d, "milestone") switch
        {
            "business-started" => $"Milestone: the business started ({Text(d, "achievedOn")}).",
            "jobs-created" => $"Milestone: {Text(d, "jobs")} jobs created ({Text(d, "achievedOn")}).",
            "sales-increase" => $"Milestone: sales up by CNY {amount} ({Text(d, "achievedOn")}).",
            "capital-raised" => $"Milestone: CNY {amount} of capital raised ({Text(d, "achievedOn")}).",
            var other => $"Milestone: {Words(other)} ({Text(d, "achievedOn")}).",
        };
    }

    private static string Updated(JsonElement d)
    {
        var changes = EnterpriseChanges.Between(Element(d, "before"), Element(d, "after"));
        var fields = EnterpriseChanges.SuppliedFields(changes);
        var size = changes.FirstOrDefault(c => c.Field == "sizeClass");
        var reclassified = size is null ? "" : $"reclassified from {Plain(size.From) ?? "unclassified"} to {Plain(size.To) ?? "unclassified"}";
        return (fields.Count, reclassified.Length) switch
        {
            (0, 0) => "Register entry updated.",
            (0, _) => char.ToUpperInvariant(reclassified[0]) + reclassified[1..] + ".",
            (_, 0) => $"Register entry updated: {string.Join(", ", fields)}.",
            _ => $"Register entry updated: {string.Join(", ", fields)}; {reclassified}.",
        };
    }

    private static string Sent(JsonElement d)
    {
        var line = $"Referred to {Target(Text(d, "target"))} by {Text(d, "by")}";
        if (Element(d, "loanRequest") is { ValueKind: JsonValueKind.Object } loan)
        {
            var amount = Money(loan, "loanAmount");
            line += $" for a loan of CNY {amount} over {Text(loan, "termMonths")} months from {Text(loan, "bankId")}";
        }

        return line + (Text(d, "note") is { Length: > 0 } note ? $": {note}" : ".");
    }

    /// <summary>"CreditGuarantee" (as stored) or "credit-guarantee" (as on the wire) → "credit-guarantee".</summary>
    private static string Target(string? stored) =>
        Enum.TryParse<ReferralTarget>(stored, ignoreCase: false, out var target) ? ReferralStore.ToWire(target) : stored ?? "the receiving service";

    /// <summary>"heping" (the code in the record) → "Heping (和平区)", as the counter and the firm call it.</summary>
    private static string WardName(string? code) => Ward.Find(code) is { } ward ? $"{ward.NameEn} ({ward.NameZh})" : code ?? "?";

    private static string Because(string? reason) => string.IsNullOrWhiteSpace(reason) ? "." : $": {reason}";

    /// <summary>"ReturnFromReferral" → "return from referral"; "not-achieved" → "not achieved".</summary>
    private static string Words(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "?";
        }

        var spaced = string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + c : c.ToString()));
        return spaced.Replace('-', ' ').Replace('_', ' ').Replace('.', ' ').ToLowerInvariant();
    }

    /// <summary>
    /// A money figure as "1,234.00", or "?" when the key is absent, null (a milestone kind without an amount: the
    /// database writes every key) or not a number: a line must read whatever the fact holds.
    /// </summary>
    private static string Money(JsonElement d, string name) =>
        Element(d, name) is { ValueKind: JsonValueKind.Number } number && number.TryGetDecimal(out var value)
            ? value.ToString("N2", CultureInfo.InvariantCulture)
            : "?";

    private static JsonElement? Element(JsonElement d, string name) =>
        d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? Text(JsonElement d, params string[] path)
    {
        JsonElement? current = d;
        foreach (var name in path)
        {
            current = current is { } element ? Element(element, name) : null;
        }

        return Plain(current);
    }

    private static string? Plain(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { } other => other.ToString(),
    };
}
