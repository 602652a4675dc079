using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.OneStop.Application.Enterprises;
using SmePlatform.OneStop.Data;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Application.Timeline;

/// <summary>A page of an enterprise's timeline: lines newer than the cursor (at, key) are on earlier pages.</summary>
public sealed record ReadTimeline(Guid EnterpriseId, DateTimeOffset? BeforeAt, string? BeforeKey, int Limit);

/// <summary>The lines of a page, newest first, and the (at, key) of its last line when more follow.</summary>
public sealed record TimelineSlice(IReadOnlyList<TimelineEntry> Items, (DateTimeOffset At, string Key)? Next);

/// <summary>
/// Reads an enterprise's timeline as the caller may see it: scoped like the register (a clerk sees their own ward's
/// enterprises only) and with credit details for those who need them only (<see cref="CreditNeedToKnow"/>).
/// </summary>
public sealed class ReadTimelineHandler(RegisterStore register, TimelineStore timeline)
{
    public async Task<Outcome<TimelineSlice>> HandleAsync(ReadTimeline request, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (await register.FindAsync(request.EnterpriseId, ct) is not { } enterprise || !caller.WardScope().Allows(enterprise.Ward))
        {
            return EnterpriseRefusals.NotFound(request.EnterpriseId);
        }

        var view = CreditNeedToKnow.For(caller);
        var filter = view == CreditView.Details ? null : new TimelineFilter(GuaranteeTimeline.Source, CreditNeedToKnow.OutlineKinds);
        var lines = new List<(TimelineRow Row, TimelineEntry Entry)>();
        var (at, key) = (request.BeforeAt, request.BeforeKey);
        // The query leaves out what an outline reader never sees; the few lines it cannot tell (approvals among the
        // decisions) are dropped here, so a page may take another read to fill.
        while (true)
        {
            var rows = await timeline.PageAsync(request.EnterpriseId, at, key, request.Limit + 1, filter, ct);
            foreach (var row in rows)
            {
                if ((view == CreditView.Details ? row : CreditNeedToKnow.Outline(row)) is { } shown)
                {
                    lines.Add((row, TimelineSummaries.Describe(shown)));
                }
            }

            if (lines.Count > request.Limit || rows.Count <= request.Limit)
            {
                break;
            }

            (at, key) = (rows[^1].At, rows[^1].Key);
        }

        var page = lines.Take(request.Limit).ToList();
        return new TimelineSlice(page.Select(l => l.Entry).ToList(), lines.Count > request.Limit ? (page[^1].Row.At, page[^1].Row.Key) : null);
    }
}
