using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.ClusterStats.Domain.Delivery;
using SmePlatform.ClusterStats.Domain.Disclosure;

namespace SmePlatform.ClusterStats.Tests.Domain;

/// <summary>Programme delivery's figures under disclosure control, without a database.</summary>
public sealed class DeliveryTableTests
{
    private static DeliverySource Amount(string group, string fact, int enterprises, decimal amount, decimal largest) =>
        new(group, fact, "", enterprises, 0, amount, enterprises, 1, 0, largest);

    private static DeliveryFigureTable Table(IReadOnlyList<DeliveryFigureTable> tables, string figure) => tables.Single(t => t.Figure == figure);

    [Fact]
    public void One_enterprise_holding_most_of_an_amount_withholds_the_cell_and_net_loss_is_published_only_where_both_parts_are()
    {
        // Claims: heping 3 enterprises, one of them 900 of 1000 (dominant); tiexi 4 of 100 each; dadong 5 of 100 each.
        IReadOnlyList<DeliverySource> sources =
        [
            Amount("heping", Facts.ClaimPaid, 3, 1000m, 900m), Amount("tiexi", Facts.ClaimPaid, 4, 400m, 100m),
            Amount("dadong", Facts.ClaimPaid, 5, 500m, 100m), Amount("_T", Facts.ClaimPaid, 12, 1900m, 900m),
            Amount("heping", Facts.Recovery, 3, 30m, 10m), Amount("tiexi", Facts.Recovery, 3, 30m, 10m), Amount("dadong", Facts.Recovery, 3, 30m, 10m),
            Amount("_T", Facts.Recovery, 9, 90m, 10m),
        ];

        var tables = DeliveryTable.Compute(sources, [new EventTraceSource(Facts.ClaimPaid, "", "GuaranteeClaimPaid", 12)], DisclosureRules.Preset);
        var claims = Table(tables, DeliveryFigures.ClaimsPaid);
        var netLoss = Table(tables, DeliveryFigures.NetLoss);

        Assert.Equal(ObsStatus.C, claims.Cells.Single(c => c.Group == "heping").ObsStatus);
        Assert.Equal(ObsStatus.C, claims.Cells.Single(c => c.Group == "tiexi").ObsStatus); // else 1900 − 400 − 500 gives heping back
        Assert.Equal((500m, ObsStatus.A), (claims.Cells.Single(c => c.Group == "dadong").Value!.Value, claims.Total.ObsStatus));
        Assert.Equal([new EventTrace("GuaranteeClaimPaid", 12)], claims.Events);
        Assert.Equal([470m, null, null], netLoss.Cells.Select(c => c.Value)); // dadong, heping, tiexi
        Assert.Equal(1810m, netLoss.Total.Value);
    }

    [Fact]
    public void A_city_total_of_too_few_enterprises_is_withheld_with_the_event_counts_that_would_give_it()
    {
        var tables = DeliveryTable.Compute([new DeliverySource("_T", Facts.CaseOpened, "", 2, 0, 0m, 2, 1, 0, 0m),
            new DeliverySource("heping", Facts.CaseOpened, "", 2, 0, 0m, 2, 1, 0, 0m)], [new EventTraceSource(Facts.CaseOpened, "", "CaseOpened", 2)],
            DisclosureRules.Preset);
        var cases = Table(tables, "cases_opened");

        Assert.Equal((null, ObsStatus.C), (cases.Total.Value, cases.Total.ObsStatus));
        Assert.Equal([new EventTrace("CaseOpened", null)], cases.Events);
    }
}
