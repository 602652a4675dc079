using FsCheck;
using FsCheck.Fluent;
using SmePlatform.ClusterStats.Domain.Register;

namespace SmePlatform.ClusterStats.Tests.Domain;

/// <summary>
/// The projection's rule: whatever order, and however often, the register's changes of an enterprise arrive, its
/// record ends as the register's last state (the last attributes, the last size class, the first leaving).
/// </summary>
public sealed class EnterpriseRecordPropertyTests
{
    private static readonly Guid Id = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    private static readonly Guid Survivor = Guid.Parse("0193a000-0000-7000-8000-000000000002");
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 1, 0, 0, TimeSpan.Zero);

    private sealed record Step(int Kind, string Ward, string Code, int Employees, string? SizeClass, string? LegalForm, string? Ownership, string? Category);

    private static readonly Gen<Step> Steps =
        from kind in Gen.Choose(0, 1)
        from ward in Gen.Elements("heping", "shenhe", "dadong", "tiexi")
        from code in Gen.Elements("C3511", "C1392", "F5120", "I6510", "C")
        from employees in Gen.Choose(0, 500)
        from size in Gen.Elements<string?>("micro", "small", "medium", "large", null)
        from form in Gen.Elements<string?>(null, "llc", "joint-stock")
        from ownership in Gen.Elements<string?>(null, "private", "state-owned")
        from category in Gen.Elements<string?>(null, "legal-person-enterprise", "individual-household")
        select new Step(kind, ward, code, employees, size, form, ownership, category);

    /// <summary>A registration, then updates and reclassifications one minute apart, then perhaps a closure or a merger.</summary>
    private static readonly Gen<RegisterChange[]> Histories =
        from first in Steps
        from later in Gen.ListOf(Steps)
        from ending in Gen.Choose(0, 2)
        select History(first, [.. later], ending);

    private static RegisterChange[] History(Step first, Step[] later, int ending)
    {
        var changes = new List<RegisterChange>
        {
            new AttributesObserved(Id, T0, 0, first.Ward, first.Code, first.Employees, first.Employees * 1000m, T0, first.Category, first.LegalForm, first.Ownership),
            new SizeClassObserved(Id, T0, first.SizeClass),
        };
        for (var i = 0; i < later.Length; i++)
        {
            var (at, s) = (T0.AddMinutes(i + 1), later[i]);
            changes.Add(s.Kind == 0
                ? new AttributesObserved(Id, at, i + 2, s.Ward, s.Code, s.Employees, s.Employees * 1000m, null, s.Category, s.LegalForm, s.Ownership)
                : new SizeClassObserved(Id, at, s.SizeClass));
        }

        var end = T0.AddMinutes(later.Length + 1);
        if (ending == 1)
        {
            changes.Add(new EnterpriseLeft(Id, end, "closure", null));
        }
        else if (ending == 2)
        {
            // A merger is told twice at the same instant: EnterprisesMerged and EnterpriseDeactivated.
            changes.Add(new EnterpriseLeft(Id, end, "merger", Survivor));
            changes.Add(new EnterpriseLeft(Id, end, "merger", Survivor));
        }

        return [.. changes];
    }

    /// <summary>The register's last state, worked out from the history without the record's rules.</summary>
    private static void AssertIsLastState(RegisterChange[] history, EnterpriseRecord record)
    {
        var attributes = history.OfType<AttributesObserved>().ToArray();
        var last = attributes[^1];
        Assert.Equal((last.Ward, last.IndustryCode, last.Employees, last.AnnualRevenue), (record.Ward, record.IndustryCode, record.Employees, record.AnnualRevenue));
        Assert.Equal(attributes.LastOrDefault(a => a.LegalForm is not null)?.LegalForm, record.LegalForm);
        Assert.Equal(attributes.LastOrDefault(a => a.OwnershipType is not null)?.OwnershipType, record.OwnershipType);
        Assert.Equal(attributes.LastOrDefault(a => a.Category is not null)?.Category, record.Category);
        Assert.Equal(history.OfType<SizeClassObserved>().Last().SizeClass, record.SizeClass);
        Assert.Equal(T0, record.RegisteredAt);
        var left = history.OfType<EnterpriseLeft>().FirstOrDefault();
        Assert.Equal(left is null, record.IsActive);
        Assert.Equal(left?.MergedInto, record.MergedInto);
    }

    private static EnterpriseRecord Replay(IEnumerable<RegisterChange> changes) =>
        changes.Aggregate(new EnterpriseRecord(Id), (record, change) => record.Apply(change));

    [Fact]
    public void In_order_the_record_is_the_registers_last_state()
    {
        Prop.ForAll(Histories.ToArbitrary(), history =>
        {
            AssertIsLastState(history, Replay(history));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Reordered_and_duplicated_deliveries_end_in_the_same_record()
    {
        var deliveries =
            from history in Histories
            from duplicates in Gen.ListOf(Gen.Elements(history))
            from shuffled in Gen.Shuffle(history.Concat(duplicates).ToArray())
            select (history, shuffled);
        Prop.ForAll(deliveries.ToArbitrary(), d =>
        {
            var record = Replay(d.shuffled);
            Assert.Equal(Replay(d.history), record);
            AssertIsLastState(d.history, record);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Counting_active_records_counts_the_enterprises_that_never_left()
    {
        var registers = Gen.ListOf(Histories).Select(list => list.ToArray());
        Prop.ForAll(registers.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (histories, seed) =>
        {
            var random = new Random(seed);
            var active = histories.Count(h => Replay(h.OrderBy(_ => random.Next())).IsActive);
            Assert.Equal(histories.Count(h => !h.OfType<EnterpriseLeft>().Any()), active);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void An_update_seen_before_its_registration_counts_the_enterprise_where_the_update_put_it()
    {
        var registration = new AttributesObserved(Id, T0, 0, "heping", "C3511", 10, 1m, T0, null, "llc", "private");
        var update = new AttributesObserved(Id, T0.AddDays(1), 2, "tiexi", "F5120", 12, 2m);

        var record = new EnterpriseRecord(Id).Apply(update).Apply(registration);

        Assert.True(record.IsActive);
        Assert.Equal(("tiexi", "F5120", "llc", T0), (record.Ward, record.IndustryCode, record.LegalForm, record.RegisteredAt));
    }

    [Fact]
    public void A_change_of_another_enterprise_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new EnterpriseRecord(Id).Apply(new SizeClassObserved(Survivor, T0, "small")));
    }
}
