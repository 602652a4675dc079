using System.Net;
using System.Net.Http.Json;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests.Api;

[Collection(InfrastructureCollection.Name)]
public sealed class ProfileApiTests(InfrastructureFixture infra) : MatchingApiTest(infra)
{
    [Fact]
    public async Task A_profile_is_drafted_with_its_needs_and_offers_inline_and_answers_their_ids_and_the_register_identity()
    {
        var profile = await DraftAsync("沈阳精工机械有限公司", "tiexi", Listing("need", "oem"), Listing("offer", "subcontracting_taking"));

        Assert.Equal("draft", profile.GetProperty("state").GetString());
        Assert.Matches(@"^SY-SCT-\d{4}-\d{4}$", profile.GetProperty("code").GetString());
        Assert.Equal("沈阳精工机械有限公司", profile.GetProperty("enterprise").GetProperty("name").GetString());
        Assert.Equal(1, profile.GetProperty("needIds").GetArrayLength());
        Assert.Equal(1, profile.GetProperty("offerIds").GetArrayLength());
        var read = await ReadAsync(await Intermediary.GetAsync($"{Api}/profiles/{profile.GetProperty("id").GetString()}"), HttpStatusCode.OK);
        Assert.Equal(NeedId(profile), NeedId(read));
        Assert.Equal("machine_hours_per_month", read.GetProperty("processes")[0].GetProperty("unit").GetString());
    }

    [Fact]
    public async Task Bad_input_names_every_problem_at_once_and_stores_nothing()
    {
        var uscc = Register.Add();
        var body = new
        {
            uscc,
            outline = "",
            processes = new[] { new { name = "CNC", capacity = 10, unit = "hours" } },
            listings = new object[] { new { kind = "need", industryCodes = Array.Empty<string>(), unit = "Furlongs" } },
        };

        var problem = await ReadAsync(await Intermediary.PostAsJsonAsync(Api + "/profiles", body), HttpStatusCode.BadRequest);

        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["listings[0].amount", "listings[0].industryCodes", "listings[0].title", "listings[0].type", "listings[0].unit", "outline",
            "processes[0].unit"], fields);
        Assert.Equal("validation", problem.GetProperty("code").GetString());
        Assert.Equal(0, await CountAsync("profiles"));
        Assert.Equal(0, await CountAsync("listings"));
    }

    [Fact]
    public async Task A_profile_for_an_enterprise_not_in_the_register_is_refused_and_one_enterprise_has_one_profile()
    {
        var unknown = await ReadAsync(await Intermediary.PostAsJsonAsync(Api + "/profiles", ProfileBody(StubRegister.NewUscc(), Listing("need", "oem"))),
            HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("uscc", out _));
        Assert.Equal(0, await CountAsync("profiles"));

        var uscc = Register.Add();
        await ReadAsync(await Intermediary.PostAsJsonAsync(Api + "/profiles", ProfileBody(uscc, Listing("need", "oem"))), HttpStatusCode.Created);
        var again = await ReadAsync(await Intermediary.PostAsJsonAsync(Api + "/profiles", ProfileBody(uscc, Listing("offer", "oem"))), HttpStatusCode.Conflict);
        Assert.Equal("profile-exists", again.GetProperty("code").GetString());
        Assert.Equal(1, await CountAsync("profiles"));
    }

    [Fact]
    public async Task A_profile_is_published_only_after_review_and_then_expires_in_twelve_months()
    {
        var id = (await DraftAsync("沈阳华晨塑料制品厂", "dadong", Listing("offer", "oem"))).GetProperty("id").GetString();

        var early = await ReadAsync(await Intermediary.PostAsync($"{Api}/profiles/{id}/publication", null), HttpStatusCode.Conflict);
        Assert.Equal("profile-not-reviewed", early.GetProperty("code").GetString());
        await ReadAsync(await Reviewer.PostAsync($"{Api}/profiles/{id}/review", null), HttpStatusCode.OK);
        var published = await ReadAsync(await Intermediary.PostAsync($"{Api}/profiles/{id}/publication", null), HttpStatusCode.OK);

        Assert.Equal("published", published.GetProperty("state").GetString());
        var publishedAt = published.GetProperty("publishedAt").GetDateTimeOffset();
        Assert.Equal(publishedAt.AddMonths(12), published.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Who_sees_profiles_counter_staff_of_the_ward_and_advisors_read_banks_and_other_wards_do_not()
    {
        var id = (await DraftAsync("沈阳北方轴承厂", "huanggu", Listing("offer", "oem"))).GetProperty("id").GetString();
        var path = $"{Api}/profiles/{id}";

        using var ownWard = Factory.ClientFor("counter_staff", ward: "huanggu");
        using var otherWard = Factory.ClientFor("counter_staff", ward: "heping");
        using var advisor = Factory.ClientFor("advisor");
        using var bank = Factory.ClientFor("bank");
        Assert.Equal(HttpStatusCode.OK, (await ownWard.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await advisor.GetAsync(path)).StatusCode);
        var hidden = await otherWard.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.DoesNotContain("沈阳北方轴承厂", await hidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownWard.PostAsync($"{path}/review", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await advisor.PostAsJsonAsync($"{Api}/profiles", new { })).StatusCode);
    }
}
