using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using SmePlatform.Contracts.Matching.V1;
using SmePlatform.Matching.Tests.Api;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests.Grpc;

/// <summary>
/// smeplatform.matching.v1.Partnerships on the service's gRPC port: services, intermediaries and the SME Office may call
/// it, nobody else; a service reads counterparts by code only until both sides accepted, exactly as REST answers them.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class PartnershipsGrpcTests(InfrastructureFixture infra) : MatchingApiTest(infra)
{
    private const string HiddenName = "沈阳隐名铸锻有限公司";

    private Partnerships.PartnershipsClient Client(string role, string? ward = null) =>
        new(GrpcChannels.For(Factory.GrpcUrl, TestTokens.Issue(role, ward: ward, subject: role == "service" ? "guarantee-service" : null)));

    [Fact]
    public async Task A_service_reads_the_suggestions_and_partnerships_with_the_counterpart_anonymous_until_both_accepted()
    {
        var needing = await PublishedAsync("沈阳铁西重工有限公司", "tiexi", Listing("need", "oem", amount: 1000, title: "Brake discs to drawing"));
        var offering = await PublishedAsync(HiddenName, "yuhong", Listing("offer", "oem", amount: 2000, title: "Casting capacity"));
        var enterpriseId = needing.GetProperty("enterprise").GetProperty("enterpriseId").GetString()!;
        var hidden = new[]
        {
            HiddenName,
            offering.GetProperty("enterprise").GetProperty("uscc").GetString()!,
            offering.GetProperty("enterprise").GetProperty("enterpriseId").GetString()!,
        };
        var service = Client("service");

        var suggestions = await service.GetSuggestionsAsync(new GetSuggestionsRequest { NeedId = NeedId(needing) }, GrpcChannels.Within());
        var suggestion = Assert.Single(suggestions.Suggestions);
        var rest = await ReadAsync(await Intermediary.GetAsync($"{Api}/needs/{NeedId(needing)}/suggestions"), HttpStatusCode.OK);
        var restItem = rest.GetProperty("items")[0];
        Assert.Equal((OfferId(offering), restItem.GetProperty("score").GetInt32()), (suggestion.OfferId, suggestion.Score));
        Assert.Equal(suggestion.Score, suggestion.Reasons.Sum(r => r.Points));
        Assert.Equal(["types", "industry", "processes", "capacity", "certifications", "distance", "ratings"], suggestion.Reasons.Select(r => r.Component));
        Assert.Equal((offering.GetProperty("code").GetString(), false, ""), (suggestion.Counterpart.Code, suggestion.Counterpart.IdentityShown, suggestion.Counterpart.Name));

        var introduction = await ReadAsync(await Intermediary.PostAsJsonAsync(Api + "/introductions", new { needId = NeedId(needing), offerId = OfferId(offering) }),
            HttpStatusCode.Created);
        var path = $"{Api}/introductions/{introduction.GetProperty("id").GetString()}";
        await ReadAsync(await Intermediary.PostAsJsonAsync(path + "/acceptances", new { side = "needing", channel = "phone", givenAt = DateTimeOffset.UtcNow }),
            HttpStatusCode.OK);

        var pending = await service.ListPartnershipsAsync(new ListPartnershipsRequest { EnterpriseId = enterpriseId }, GrpcChannels.Within());
        var item = Assert.Single(pending.Partnerships);
        Assert.Equal(("needing", "introduced", true, false, false, ""), (item.Side, item.Stage, item.AcceptedByEnterprise, item.AcceptedByCounterpart, item.Revealed, item.CaseId));
        Assert.Equal(needing.GetProperty("code").GetString(), pending.ProfileCode);
        foreach (var answer in new[] { suggestions.ToString(), pending.ToString() })
        {
            Assert.All(hidden, secret => Assert.DoesNotContain(secret, answer, StringComparison.OrdinalIgnoreCase));
        }

        // An intermediary on the same port sees the identity: that is its job.
        var byIntermediary = await Client("intermediary").ListPartnershipsAsync(new ListPartnershipsRequest { EnterpriseId = enterpriseId }, GrpcChannels.Within());
        Assert.Equal(HiddenName, byIntermediary.Partnerships[0].Counterpart.Name);

        await ReadAsync(await Intermediary.PostAsJsonAsync(path + "/acceptances", new { side = "offering", channel = "email", givenAt = DateTimeOffset.UtcNow }),
            HttpStatusCode.OK);
        var revealed = Assert.Single((await service.ListPartnershipsAsync(new ListPartnershipsRequest { EnterpriseId = enterpriseId }, GrpcChannels.Within())).Partnerships);
        Assert.Equal(("enquiry", true, true, HiddenName), (revealed.Stage, revealed.Revealed, revealed.Counterpart.IdentityShown, revealed.Counterpart.Name));
        Assert.NotEqual("", revealed.CaseId);

        // Discontinued cases leave the active list unless asked for.
        await ReadAsync(await Intermediary.PostAsJsonAsync($"{Api}/cases/{revealed.CaseId}/transitions", new { to = "discontinued", reason = "funds" }),
            HttpStatusCode.OK);
        Assert.Empty((await service.ListPartnershipsAsync(new ListPartnershipsRequest { EnterpriseId = enterpriseId }, GrpcChannels.Within())).Partnerships);
        var closed = await service.ListPartnershipsAsync(new ListPartnershipsRequest { EnterpriseId = enterpriseId, IncludeClosed = true }, GrpcChannels.Within());
        Assert.Equal("discontinued", Assert.Single(closed.Partnerships).Stage);
    }

    [Fact]
    public async Task Other_roles_are_refused_and_bad_or_unknown_keys_answer_with_their_status()
    {
        var needing = await PublishedAsync("沈阳大东机床厂", "dadong", Listing("need", "oem", title: "Spindles"));
        var enterpriseId = needing.GetProperty("enterprise").GetProperty("enterpriseId").GetString()!;
        foreach (var (role, ward) in new[] { ("advisor", (string?)null), ("counter_staff", "dadong"), ("bank", null), ("examiner", null) })
        {
            var client = Client(role, ward);
            var denied = await Assert.ThrowsAsync<RpcException>(() =>
                client.ListPartnershipsAsync(new ListPartnershipsRequest { EnterpriseId = enterpriseId }, GrpcChannels.Within()).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
            var deniedSuggestions = await Assert.ThrowsAsync<RpcException>(() =>
                client.GetSuggestionsAsync(new GetSuggestionsRequest { NeedId = NeedId(needing) }, GrpcChannels.Within()).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, deniedSuggestions.StatusCode);
        }

        var service = Client("service");
        var bad = await Assert.ThrowsAsync<RpcException>(() =>
            service.ListPartnershipsAsync(new ListPartnershipsRequest { EnterpriseId = "not-a-uuid" }, GrpcChannels.Within()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal("enterprise_id", Assert.Single(bad.GetBadRequest()!.FieldViolations).Field);
        var badNeed = await Assert.ThrowsAsync<RpcException>(() =>
            service.GetSuggestionsAsync(new GetSuggestionsRequest { NeedId = "" }, GrpcChannels.Within()).ResponseAsync);
        Assert.Equal("need_id", Assert.Single(badNeed.GetBadRequest()!.FieldViolations).Field);
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            service.ListPartnershipsAsync(new ListPartnershipsRequest { EnterpriseId = Guid.NewGuid().ToString() }, GrpcChannels.Within()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var anOffer = await Assert.ThrowsAsync<RpcException>(() =>
            service.GetSuggestionsAsync(new GetSuggestionsRequest { NeedId = Guid.NewGuid().ToString() }, GrpcChannels.Within()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, anOffer.StatusCode);
    }

    [Fact]
    public async Task Counter_staff_read_their_ward_enterprises_partnerships_on_rest_and_another_ward_is_not_found()
    {
        var needing = await PublishedAsync("沈阳和平电子厂", "heping", Listing("need", "oem", title: "Circuit boards"));
        var enterpriseId = needing.GetProperty("enterprise").GetProperty("enterpriseId").GetString()!;
        using var own = Factory.ClientFor("counter_staff", ward: "heping");
        using var other = Factory.ClientFor("counter_staff", ward: "tiexi");
        using var bank = Factory.ClientFor("bank");
        var list = await ReadAsync(await own.GetAsync($"{Api}/enterprises/{enterpriseId}/partnerships"), HttpStatusCode.OK);
        Assert.Equal(needing.GetProperty("code").GetString(), list.GetProperty("profileCode").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Api}/enterprises/{enterpriseId}/partnerships")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetAsync($"{Api}/enterprises/{enterpriseId}/partnerships")).StatusCode);
    }
}
