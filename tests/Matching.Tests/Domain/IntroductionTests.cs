using SmePlatform.Matching.Domain.Introductions;

namespace SmePlatform.Matching.Tests.Domain;

public sealed class IntroductionTests
{
    private static readonly DateTimeOffset Proposed = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static Introduction New() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "i1", Proposed, null, null, null);

    [Fact]
    public void Identities_are_revealed_only_when_both_sides_have_accepted()
    {
        var one = New().Accept(Side.Offering, AcceptanceChannel.Phone, Proposed.AddDays(1), "i1", Proposed.AddDays(1)).Value!;
        Assert.False(one.IsRevealed);

        var both = one.Accept(Side.Needing, AcceptanceChannel.CounterVisit, Proposed.AddDays(2), "i2", Proposed.AddDays(3)).Value!;
        Assert.True(both.IsRevealed);
        Assert.Equal(Proposed.AddDays(3), both.RevealedAt);
        Assert.Equal(AcceptanceChannel.CounterVisit, both.NeedingAcceptance!.Channel);
        Assert.Equal(Proposed.AddDays(2), both.NeedingAcceptance.GivenAt);
    }

    [Fact]
    public void An_acceptance_is_recorded_once_and_never_in_the_future_or_before_the_proposal()
    {
        var one = New().Accept(Side.Needing, AcceptanceChannel.Email, Proposed.AddHours(1), "i1", Proposed.AddHours(2)).Value!;

        Assert.Equal("acceptance-already-recorded", one.Accept(Side.Needing, AcceptanceChannel.Phone, Proposed.AddHours(1), "i1", Proposed.AddHours(3)).Errors[0].Code);
        Assert.Equal("givenAt", New().Accept(Side.Needing, AcceptanceChannel.Phone, Proposed.AddDays(2), "i1", Proposed.AddDays(1)).Errors[0].Field);
        Assert.Equal("givenAt", New().Accept(Side.Needing, AcceptanceChannel.Phone, Proposed.AddDays(-1), "i1", Proposed.AddDays(1)).Errors[0].Field);
    }
}
