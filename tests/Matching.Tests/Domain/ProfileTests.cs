using SmePlatform.Matching.Domain.Profiles;

namespace SmePlatform.Matching.Tests.Domain;

public sealed class ProfileTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly EnterpriseIdentity Enterprise = new(Guid.NewGuid(), "91210106MA0000000X", "沈阳精工机械有限公司", "tiexi", "C3670");

    private static ListingInput Need(string? type = "Oem", string? unit = "PiecesPerMonth", decimal? amount = 1000, string[]? industries = null) =>
        new("Need", type, "Brake discs", industries ?? ["C3670"], ["CNC machining"], amount, unit, ["IATF 16949"], ["tiexi"], null);

    private static PartneringProfile Draft(params ListingInput[] listings) =>
        ProfileDraft.Create(Guid.NewGuid(), "SY-OEM-2026-0001", Enterprise,
            new ProfileInput("Machining of automotive parts.", ["Brake discs"], [new ProcessInput("CNC machining", "DMG", 2000, "MachineHoursPerMonth")],
                ["IATF 16949"], "Exports to Japan since 2019", ["zh", "ja"], listings.Length == 0 ? [Need()] : listings),
            "intermediary-1", Guid.NewGuid, DateOnly.FromDateTime(Now.UtcDateTime)).Value!;

    [Fact]
    public void A_draft_names_every_problem_at_once_under_its_json_path()
    {
        var result = ProfileDraft.Create(Guid.NewGuid(), "", Enterprise,
            new ProfileInput("", null, [new ProcessInput("CNC", null, 100, "hours")], null, null, null,
                [new ListingInput("Need", null, "x", [], null, null, "Furlongs", null, ["atlantis"], new DateOnly(2020, 1, 1))]),
            "i", Guid.NewGuid, DateOnly.FromDateTime(Now.UtcDateTime));

        Assert.False(result.Ok);
        Assert.Equal(
            ["listings[0].amount", "listings[0].deadline", "listings[0].industryCodes", "listings[0].preferredWards", "listings[0].type", "listings[0].unit",
             "outline", "processes[0].unit"],
            result.Errors.Select(e => e.Field!).Order(StringComparer.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.Contains("machine_hours_per_month", StringComparison.Ordinal));
    }

    [Fact]
    public void Review_then_publication_makes_it_live_for_twelve_months()
    {
        var reviewed = Draft().Review("intermediary-2", reviewersRequired: 1);
        var published = reviewed.Value!.Publish(Now, 12).Value!;

        Assert.Equal(ProfileState.Published, published.State);
        Assert.Equal(Now.AddMonths(12), published.ExpiresAt);
        Assert.True(published.IsLive(Now.AddMonths(11)));
        Assert.False(published.IsLive(Now.AddMonths(12)));
        Assert.True(published.RenewalDue(Now.AddMonths(12).AddDays(-10), 30));
        Assert.False(published.RenewalDue(Now.AddMonths(6), 30));
    }

    [Fact]
    public void A_draft_is_not_published_before_review_nor_twice()
    {
        Assert.Equal("profile-not-reviewed", Draft().Publish(Now, 12).Errors.Single().Code);
        var published = Draft().Review("a", 1).Value!.Publish(Now, 12).Value!;
        Assert.Equal("profile-not-reviewed", published.Publish(Now, 12).Errors.Single().Code);
    }

    [Fact]
    public void The_second_reviewer_rule_wants_two_different_intermediaries_other_than_the_drafter()
    {
        var draft = Draft();

        Assert.Equal("reviewer-is-drafter", draft.Review("intermediary-1", 2).Errors.Single().Code);
        var once = draft.Review("intermediary-2", 2).Value!;
        Assert.Equal(ProfileState.Draft, once.State);
        Assert.Equal("already-reviewed", once.Review("intermediary-2", 2).Errors.Single().Code);
        Assert.Equal(ProfileState.Reviewed, once.Review("intermediary-3", 2).Value!.State);
    }

    [Fact]
    public void The_anonymous_code_shows_the_type_year_and_number_and_nothing_of_the_enterprise()
    {
        Assert.Equal("SY-OEM-2026-0042", ProfileCode.Format(PartnershipType.Oem, 2026, 42));
        Assert.Equal("SY-TTO-2027-12345", ProfileCode.Format(PartnershipType.TechnologyTransferOut, 2027, 12345));
        Assert.Equal(PartnershipType.JointVenture, PartneringProfile.CodeType(Draft(Need(type: "JointVenture")).Listings));
    }

    [Theory]
    [InlineData("C3670", true)]
    [InlineData("C36", true)]
    [InlineData("C367", true)]
    [InlineData("c3670", false)]
    [InlineData("C36701", false)]
    [InlineData("3670", false)]
    public void Industry_codes_are_gbt_4754(string code, bool valid) => Assert.Equal(valid, IndustryCode.IsValid(code));
}
