using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests.Api;

/// <summary>
/// What no request changes is caught up by the refresh: a new weights version rescored every need (a dismissal kept),
/// an expired offer replaced by the next candidate. Renewal: only from the reminder's window on, by intermediaries, and
/// an expired profile renewed is matched again.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RefreshAndRenewalTests(InfrastructureFixture infra) : MatchingApiTest(infra)
{
    private async Task<JsonElement> ItemsAsync(string needId, bool includeDismissed = false) =>
        (await ReadAsync(await Intermediary.GetAsync($"{Api}/needs/{needId}/suggestions?includeDismissed={includeDismissed}"), HttpStatusCode.OK))
        .GetProperty("items");

    /// <summary>Moves a profile's expiry (column and document) as the passing of time would.</summary>
    private async Task ExpireAsync(JsonElement profile, DateTimeOffset at)
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        await db.ExecuteAsync("UPDATE profiles SET expires_at = @at, body = jsonb_set(body, '{expiresAt}', to_jsonb(@text)) WHERE id = @id",
            new { at, text = at.ToString("O"), id = Guid.Parse(profile.GetProperty("id").GetString()!) });
    }

    [Fact]
    public async Task A_new_weights_version_rescored_every_need_in_the_background_and_a_dismissal_stays()
    {
        var needing = await PublishedAsync("沈阳铁西齿轮厂", "tiexi", Listing("Need", "Oem", amount: 1000, title: "Gears"));
        var kept = await PublishedAsync("沈阳于洪齿轮厂", "yuhong", Listing("Offer", "Oem", amount: 2000, title: "Gear cutting"));
        var dismissed = await PublishedAsync("沈阳沈河齿轮厂", "shenhe", Listing("Offer", "Oem", amount: 2000, title: "Gear cutting too"));
        await ReadAsync(await Intermediary.PostAsJsonAsync($"{Api}/needs/{NeedId(needing)}/suggestions/{OfferId(dismissed)}/dismissal",
            new { reason = "The enterprise already works with them." }), HttpStatusCode.NoContent);
        Assert.Equal(1, (await ItemsAsync(NeedId(needing)))[0].GetProperty("weightsVersion").GetInt32());

        using var office = Factory.ClientFor("sme_office", subject: "office.zhao");
        var weights = new { types = 40, industry = 20, processes = 10, capacity = 10, certifications = 10, distance = 5, ratings = 5 };
        await ReadAsync(await office.PostAsJsonAsync(Api + "/configuration", new { weights }), HttpStatusCode.OK);

        var items = await Poll.UntilAsync(() => ItemsAsync(NeedId(needing), includeDismissed: true),
            i => i.EnumerateArray().All(s => s.GetProperty("weightsVersion").GetInt32() == 2), TimeSpan.FromSeconds(30), "every suggestion rescored with version 2");
        var rescored = items.EnumerateArray().Single(s => s.GetProperty("offerId").GetString() == OfferId(kept));
        Assert.Equal(40, rescored.GetProperty("reasons")[0].GetProperty("maxPoints").GetInt32());
        Assert.Equal(rescored.GetProperty("score").GetInt32(), rescored.GetProperty("reasons").EnumerateArray().Sum(r => r.GetProperty("points").GetInt32()));
        var stillDismissed = items.EnumerateArray().Single(s => s.GetProperty("offerId").GetString() == OfferId(dismissed));
        Assert.Equal("The enterprise already works with them.", stillDismissed.GetProperty("dismissedReason").GetString());
        Assert.Equal(OfferId(kept), Assert.Single((await ItemsAsync(NeedId(needing))).EnumerateArray()).GetProperty("offerId").GetString());
    }

    [Fact]
    public async Task An_expired_offer_leaves_the_suggestions_is_listed_for_renewal_and_comes_back_renewed()
    {
        var needing = await PublishedAsync("沈阳大东阀门厂", "dadong", Listing("Need", "SubcontractingGiving", title: "Valve bodies"));
        var first = await PublishedAsync("沈阳皇姑铸件厂", "huanggu", Listing("Offer", "SubcontractingTaking", title: "Castings"));
        var second = await PublishedAsync("沈阳康平铸件厂", "kangping", Listing("Offer", "SubcontractingTaking", title: "Castings too"));
        var needId = NeedId(needing);
        Assert.Equal(2, (await ItemsAsync(needId)).GetArrayLength());

        // Renewal is not due a year ahead of expiry.
        var profilePath = $"{Api}/profiles/{first.GetProperty("id").GetString()}";
        var early = await ReadAsync(await Intermediary.PostAsync(profilePath + "/renewal", null), HttpStatusCode.Conflict);
        Assert.Equal("renewal-not-due", early.GetProperty("code").GetString());

        await ExpireAsync(first, DateTimeOffset.UtcNow.AddMinutes(-1));
        var left = await Poll.UntilAsync(() => ItemsAsync(needId), i => i.GetArrayLength() == 1, TimeSpan.FromSeconds(30), "the expired offer gone");
        Assert.Equal(OfferId(second), left[0].GetProperty("offerId").GetString());
        await using (var db = new NpgsqlConnection(Factory.ConnectionString))
        {
            // The refresh rescored the need: the stored suggestions no longer hold the expired offer.
            await Poll.UntilAsync(async () => await db.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM suggestions WHERE need_id = @n AND offer_id = @o", new { n = Guid.Parse(needId), o = Guid.Parse(OfferId(first)) }) == 0,
                TimeSpan.FromSeconds(30), "the stored suggestion of the expired offer replaced");
        }

        var due = await ReadAsync(await Intermediary.GetAsync(Api + "/profiles/renewals-due"), HttpStatusCode.OK);
        var reminder = due.EnumerateArray().Single(d => d.GetProperty("profileId").GetString() == first.GetProperty("id").GetString());
        Assert.True(reminder.GetProperty("expired").GetBoolean());
        Assert.DoesNotContain(due.EnumerateArray(), d => d.GetProperty("profileId").GetString() == second.GetProperty("id").GetString());

        using var counter = Factory.ClientFor("counter_staff", ward: "huanggu");
        using var advisor = Factory.ClientFor("advisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await counter.PostAsync(profilePath + "/renewal", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await advisor.PostAsync(profilePath + "/renewal", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counter.GetAsync(Api + "/profiles/renewals-due")).StatusCode);

        var renewed = await ReadAsync(await Intermediary.PostAsync(profilePath + "/renewal", null), HttpStatusCode.OK);
        Assert.True(renewed.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMonths(11));
        Assert.False(renewed.GetProperty("renewalDue").GetBoolean());
        Assert.Equal(2, (await ItemsAsync(needId)).GetArrayLength());
    }
}
