using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.OneStop.Tests.Integration;
using SmePlatform.ServiceDefaults.Grpc;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Grpc;

/// <summary>
/// smeplatform.onestop.v1.ReferralDesk over a real HTTP/2 socket against the real database: another service's referral
/// joins the counter's loop as a real referral, seen by the ward's counter staff with who asked and from which service.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ReferralDeskTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private OneStopGrpcFactory factory = null!;
    private HttpClient admin = null!;
    private readonly List<GrpcChannel> channels = [];

    public async Task InitializeAsync()
    {
        factory = new OneStopGrpcFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        admin = new HttpClient { BaseAddress = factory.RestUrl }.WithToken(TestTokens.Issue("admin"));
    }

    public async Task DisposeAsync()
    {
        channels.ForEach(c => c.Dispose());
        admin.Dispose();
        await factory.DisposeAsync();
    }

    private ReferralDesk.ReferralDeskClient Desk(string role = "service", string subject = "diagnosis-service")
    {
        var channel = GrpcChannels.For(factory.GrpcUrl, TestTokens.Issue(role, subject: subject));
        channels.Add(channel);
        return new ReferralDesk.ReferralDeskClient(channel);
    }

    private HttpClient Counter(string ward) => new HttpClient { BaseAddress = factory.RestUrl }.WithToken(TestTokens.Issue("counter_staff", ward: ward));

    private static RequestReferralRequest Guarantee(Guid enterpriseId, Guid? requestId = null) => new()
    {
        RequestId = (requestId ?? Guid.NewGuid()).ToString(), EnterpriseId = enterpriseId.ToString(), Target = "credit-guarantee",
        Note = "Recommended by the diagnosis: guarantee restructuring.", RequestedBy = "advisor.chen", OriginReference = "diagnosis 42 programme guarantee_restructuring",
        LoanRequest = new LoanSought { BankId = "ccb-shenyang", LoanAmount = DecimalValue.From(800_000.50m), TermMonths = 24, Purpose = "working_capital" },
    };

    private async Task<Guid> RegisterAsync(string ward = "tiexi") =>
        (await admin.RegisterEnterpriseAsync(new TestEnterprise { Uscc = TestCodes.NewUscc(), Ward = ward, ConfirmNotDuplicate = false })).Id;

    [Fact]
    public async Task A_service_referral_opens_a_case_in_the_enterprises_ward_that_its_counter_sees_with_who_asked_and_a_retry_answers_the_same()
    {
        var enterpriseId = await RegisterAsync("tiexi");
        var request = Guarantee(enterpriseId);

        var sent = await Desk().RequestReferralAsync(request, GrpcChannels.Within());
        var again = await Desk().RequestReferralAsync(request, GrpcChannels.Within());

        Assert.True(sent.CaseOpened);
        Assert.Equal(("tiexi", "sent"), (sent.Ward, sent.State));
        Assert.Equal((sent.ReferralId, sent.CaseId, false), (again.ReferralId, again.CaseId, again.CaseOpened));

        using var tiexi = Counter("tiexi");
        var list = await tiexi.GetFromJsonAsync<JsonElement>($"/api/onestop/cases/{sent.CaseId}/referrals");
        var referral = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(("advisor.chen", "credit-guarantee", "diagnosis"), (referral.GetProperty("sentBy").GetString(), referral.GetProperty("target").GetString(),
            referral.GetProperty("origin").GetProperty("service").GetString()));
        Assert.Equal(800_000.50m, referral.GetProperty("loanRequest").GetProperty("loanAmount").GetDecimal());
        var @case = await tiexi.GetFromJsonAsync<JsonElement>($"/api/onestop/cases/{sent.CaseId}");
        Assert.Equal(("service-referral", "referred"), (@case.GetProperty("procedureCode").GetString(), @case.GetProperty("state").GetString()));

        // Another ward's counter does not see it, not even that it exists.
        using var heping = Counter("heping");
        Assert.Equal(HttpStatusCode.NotFound, (await heping.GetAsync($"/api/onestop/cases/{sent.CaseId}/referrals")).StatusCode);

        // The event goes out as for a counter referral, with its origin.
        await using var db = new NpgsqlConnection(factory.ConnectionString);
        var origin = await db.ExecuteScalarAsync<string>(
            "SELECT payload->>'originService' FROM outbox_messages WHERE message_type LIKE '%.ReferralSent' AND payload->>'referralId' = @id", new { id = sent.ReferralId });
        Assert.Equal("diagnosis", origin);
    }

    [Fact]
    public async Task A_service_referral_joins_the_enterprises_open_case_and_a_second_to_the_same_service_is_refused()
    {
        var enterpriseId = await RegisterAsync("heping");
        using var counter = Counter("heping");
        using var opened = await counter.PostAsJsonAsync("/api/onestop/cases", new { enterpriseId, procedureCode = "finance-consulting" });
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var sent = await Desk("service", "matching-service").RequestReferralAsync(Guarantee(enterpriseId), GrpcChannels.Within());
        Assert.Equal((caseId.ToString(), false), (sent.CaseId, sent.CaseOpened));

        var refused = await Assert.ThrowsAsync<RpcException>(() => Desk().RequestReferralAsync(Guarantee(enterpriseId), GrpcChannels.Within()).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal("referral-already-open", refused.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
        var list = await counter.GetFromJsonAsync<JsonElement>($"/api/onestop/cases/{caseId}/referrals");
        Assert.Equal("matching", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("origin").GetProperty("service").GetString());
    }

    [Fact]
    public async Task Bad_requests_name_every_field_at_once_unknown_enterprises_are_not_found_and_other_callers_are_refused()
    {
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Desk().RequestReferralAsync(new RequestReferralRequest
        {
            RequestId = "x", EnterpriseId = "", Target = "credit-guarantee",
            LoanRequest = new LoanSought { BankId = "", LoanAmount = DecimalValue.From(-1m), TermMonths = 999, Purpose = "holiday" },
        }, GrpcChannels.Within()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(
            ["enterprise_id", "loan_request.bank_id", "loan_request.loan_amount", "loan_request.purpose", "loan_request.term_months", "request_id", "requested_by"],
            invalid.FieldViolations().Keys.Order(StringComparer.Ordinal));

        var unknown = await Assert.ThrowsAsync<RpcException>(() => Desk().RequestReferralAsync(Guarantee(Guid.NewGuid()), GrpcChannels.Within()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var enterpriseId = await RegisterAsync();
        foreach (var (role, subject) in new[] { ("service", "guarantee-service"), ("advisor", "advisor.chen"), ("counter_staff", "counter.tiexi") })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => Desk(role, subject).RequestReferralAsync(Guarantee(enterpriseId), GrpcChannels.Within()).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        }

        await using var db = new NpgsqlConnection(factory.ConnectionString);
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM referrals"));
    }
}
