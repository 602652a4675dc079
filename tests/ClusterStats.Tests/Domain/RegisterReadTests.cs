using Google.Protobuf.WellKnownTypes;
using SmePlatform.ClusterStats.Clients;
using SmePlatform.ClusterStats.Domain.Register;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.Contracts.OneStop.V1;

namespace SmePlatform.ClusterStats.Tests.Domain;

/// <summary>A rebuild reads each register entry as its state at the time of the read.</summary>
public sealed class RegisterReadTests
{
    private static readonly DateTimeOffset ReadAt = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_merged_entry_gives_its_attributes_its_size_class_and_its_leaving_as_of_the_read()
    {
        var (id, survivor) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var entry = new Enterprise
        {
            Id = id.ToString(), Ward = "tiexi", IndustryCode = "C3511", Employees = 42,
            AnnualRevenue = new DecimalValue { Units = 1_200_000, Nanos = 500_000_000 },
            RegisteredAt = Timestamp.FromDateTimeOffset(ReadAt.AddYears(-1)), SizeRuleSetId = "CN-2011", SizeClass = "small",
            Status = EnterpriseStatus.Merged, MergedIntoId = survivor.ToString(), DeactivationReason = "merger",
        };

        var record = OneStopRegister.Changes(entry, ReadAt).Aggregate(new EnterpriseRecord(id), (r, c) => r.Apply(c));

        Assert.Equal(("tiexi", "C3511", 42, 1_200_000.5m, "small"), (record.Ward, record.IndustryCode, record.Employees, record.AnnualRevenue, record.SizeClass));
        Assert.Equal((false, survivor, ReadAt.AddYears(-1)), (record.IsActive, record.MergedInto, record.RegisteredAt));
    }

    [Fact]
    public void An_event_published_after_the_read_still_wins_over_it()
    {
        var id = Guid.CreateVersion7();
        var entry = new Enterprise { Id = id.ToString(), Ward = "heping", IndustryCode = "F5120", Employees = 5, Status = EnterpriseStatus.Active };
        var later = new AttributesObserved(id, ReadAt.AddSeconds(1), 7, "dadong", "F5120", 6, 0m);

        var record = new EnterpriseRecord(id).Apply(later);
        record = OneStopRegister.Changes(entry, ReadAt).Aggregate(record, (r, c) => r.Apply(c));

        Assert.Equal(("dadong", 6), (record.Ward, record.Employees));
    }

    [Fact]
    public void Reading_again_what_the_events_already_said_changes_no_fact_but_a_different_figure_does()
    {
        var id = Guid.CreateVersion7();
        var fromEvent = new EnterpriseRecord(id).Apply(new AttributesObserved(id, ReadAt.AddDays(-3), 2, "heping", "F5120", 5, 100m));
        var entry = new Enterprise
        {
            Id = id.ToString(), Ward = "heping", IndustryCode = "F5120", Employees = 5, AnnualRevenue = new DecimalValue { Units = 100 },
            Status = EnterpriseStatus.Active,
        };

        var reread = OneStopRegister.Changes(entry, ReadAt).Aggregate(fromEvent, (r, c) => r.Apply(c));
        var larger = entry.Clone();
        larger.Employees = 6;
        var grown = OneStopRegister.Changes(larger, ReadAt).Aggregate(fromEvent, (r, c) => r.Apply(c));

        Assert.NotEqual(fromEvent, reread); // the newer observation time is kept, so an older report arriving later loses
        Assert.True(reread.HasSameFactsAs(fromEvent));
        Assert.False(grown.HasSameFactsAs(fromEvent));
    }
}
