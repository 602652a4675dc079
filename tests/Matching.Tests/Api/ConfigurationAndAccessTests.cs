using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests.Api;

[Collection(InfrastructureCollection.Name)]
public sealed class ConfigurationAndAccessTests(InfrastructureFixture infra) : MatchingApiTest(infra)
{
    [Fact]
    public async Task Every_endpoint_declares_who_may_call_it_and_none_lets_a_bank_in()
    {
        using var admin = Factory.ClientFor("admin");
        var catalogue = await ReadAsync(await admin.GetAsync(Api + "/_meta/access"), HttpStatusCode.OK);

        var entries = catalogue.EnumerateArray().Where(e => e.GetProperty("route").GetString()!.StartsWith(Api, StringComparison.Ordinal)).ToArray();
        Assert.Contains(entries, e => e.GetProperty("route").GetString() == Api + "/needs/{needId:guid}/suggestions/");
        Assert.All(entries, e => Assert.NotEqual(JsonValueKind.Null, e.GetProperty("roles").ValueKind));
        Assert.DoesNotContain(entries, e => e.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "bank"));
    }

    [Fact]
    public async Task The_sme_office_publishes_a_new_version_bad_values_are_all_named_and_change_nothing()
    {
        using var office = Factory.ClientFor("sme_office");
        var bad = await ReadAsync(await office.PostAsJsonAsync(Api + "/configuration", new
        {
            weights = new { types = 50, industry = 20, processes = 15, capacity = 15, certifications = 10, distance = 10, ratings = 5 },
            reviewersRequired = 3,
            fees = new { contractShare = 0.5m },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["fees.contractShare", "reviewersRequired", "weights"], bad.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1, (await ReadAsync(await office.GetAsync(Api + "/configuration"), HttpStatusCode.OK)).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await Intermediary.PostAsJsonAsync(Api + "/configuration", new { reviewersRequired = 2 })).StatusCode);

        var changed = await ReadAsync(await office.PostAsJsonAsync(Api + "/configuration", new { reviewersRequired = 2, fees = new { contractShare = 0.02m } }),
            HttpStatusCode.OK);
        Assert.Equal((2, 2, 0.02m, 25), (changed.GetProperty("version").GetInt32(), changed.GetProperty("reviewersRequired").GetInt32(),
            changed.GetProperty("fees").GetProperty("contractShare").GetDecimal(), changed.GetProperty("weights").GetProperty("types").GetInt32()));
    }

    [Fact]
    public async Task With_the_second_reviewer_rule_a_profile_needs_two_reviewers_other_than_its_drafter()
    {
        using var office = Factory.ClientFor("sme_office");
        await ReadAsync(await office.PostAsJsonAsync(Api + "/configuration", new { reviewersRequired = 2 }), HttpStatusCode.OK);
        var id = (await DraftAsync("沈阳东陵精铸厂", "dongling", Listing("offer", "consignment"))).GetProperty("id").GetString();
        var path = $"{Api}/profiles/{id}";

        var own = await ReadAsync(await Intermediary.PostAsync(path + "/review", null), HttpStatusCode.Conflict);
        Assert.Equal("reviewer-is-drafter", own.GetProperty("code").GetString());
        Assert.Equal("draft", (await ReadAsync(await Reviewer.PostAsync(path + "/review", null), HttpStatusCode.OK)).GetProperty("state").GetString());
        Assert.Equal("profile-not-reviewed", (await ReadAsync(await Intermediary.PostAsync(path + "/publication", null), HttpStatusCode.Conflict))
            .GetProperty("code").GetString());
        using var third = Factory.ClientFor("intermediary", subject: "intermediary.zhao");
        Assert.Equal("reviewed", (await ReadAsync(await third.PostAsync(path + "/review", null), HttpStatusCode.OK)).GetProperty("state").GetString());
        await ReadAsync(await Intermediary.PostAsync(path + "/publication", null), HttpStatusCode.OK);
    }
}
