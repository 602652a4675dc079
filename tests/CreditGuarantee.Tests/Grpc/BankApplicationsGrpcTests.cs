using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.Contracts.Guarantee.V1;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Grpc;

/// <summary>A partner bank's client of smeplatform.guarantee.v1.BankApplications: the generated grpc-dotnet client.</summary>
public sealed class BankApplicationsClient(GrpcChannel channel)
{
    private readonly BankApplications.BankApplicationsClient client = new(channel);

    public Task<BankApplication> SubmitAsync(SubmitApplicationRequest request, CallOptions options) => client.SubmitApplicationAsync(request, options).ResponseAsync;

    public Task<BankApplication> GetAsync(string id, CallOptions options) => client.GetApplicationAsync(new GetApplicationRequest { Id = id }, options).ResponseAsync;

    public Task<ListApplicationsResponse> ListAsync(ListApplicationsRequest request, CallOptions options) => client.ListApplicationsAsync(request, options).ResponseAsync;

    public AsyncServerStreamingCall<ApplicationStatusChange> Watch(string id, CallOptions options) =>
        client.WatchApplication(new WatchApplicationRequest { Id = id }, options);
}

/// <summary>The partner-bank API over gRPC against the real service and PostgreSQL: same rules, same idempotency, same scoping as REST.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class BankApplicationsGrpcTests(InfrastructureFixture infra) : NotificationsTest(infra)
{
    private GrpcChannel bankChannel = null!;
    private GrpcChannel otherChannel = null!;
    private BankApplicationsClient bank = null!;
    private BankApplicationsClient other = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        bankChannel = Factory.ChannelFor("ccb-shenyang");
        otherChannel = Factory.ChannelFor("huaxia-shenyang");
        bank = new BankApplicationsClient(bankChannel);
        other = new BankApplicationsClient(otherChannel);
    }

    public override async Task DisposeAsync()
    {
        bankChannel.Dispose();
        otherChannel.Dispose();
        await base.DisposeAsync();
    }

    private static CallOptions Within(int seconds = 15) => GrpcChannels.Within(seconds);

    private static DecimalValue Money(decimal value) => new() { Units = (long)decimal.Truncate(value), Nanos = (int)((value - decimal.Truncate(value)) * 1_000_000_000m) };

    private static FinancialStatement Statement(CreditGuarantee.Domain.FinancialStatement s) => new()
    {
        FiscalYear = s.FiscalYear, Sales = Money(s.Sales), OperatingProfit = Money(s.OperatingProfit), NetProfit = Money(s.NetProfit),
        Depreciation = Money(s.Depreciation), Receivables = Money(s.Receivables), Inventory = Money(s.Inventory), Payables = Money(s.Payables),
        Cash = Money(s.Cash), Borrowings = Money(s.Borrowings), TotalAssets = Money(s.TotalAssets), NetAssets = Money(s.NetAssets),
    };

    /// <summary>Worked example 2 of docs/guarantee-rules.md, as Bodies.Application sends it over REST.</summary>
    private SubmitApplicationRequest Application(string? idempotencyKey = null, string? applicationKey = null)
    {
        var request = new SubmitApplicationRequest
        {
            IdempotencyKey = idempotencyKey ?? Guid.NewGuid().ToString(),
            ApplicationKey = applicationKey ?? "GRPC-" + Guid.NewGuid().ToString("N")[..10],
            Uscc = Register.Add(),
            LoanAmount = Money(1_200_000m),
            TermMonths = 24,
            Purpose = "working_capital",
            Programme = "standard",
            Instalments = new InstalmentPlan { Type = "equal_instalments", Instalments = 24 },
            RequestedCoverage = Money(0.90m),
            Consent = new Consent { UseDiagnosis = false, UseCounsellingHistory = false },
        };
        request.Collateral.Add(new Collateral { Type = "intellectual_property", Description = "Invention patent ZL 2021 1 0000000.0", Value = Money(800_000m) });
        request.FinancialStatements.Add(Statement(TestData.Year2023));
        request.FinancialStatements.Add(Statement(TestData.Year2024));
        request.FinancialStatements.Add(Statement(TestData.Year2025));
        return request;
    }

    [Fact]
    public async Task Submit_is_screened_at_once_and_a_retry_with_the_same_key_returns_the_first_answer()
    {
        var request = Application(idempotencyKey: "grpc-key-1");

        var first = await bank.SubmitAsync(request, Within());
        var again = await bank.SubmitAsync(request, Within());

        Assert.Equal("under_examination", first.Status);
        Assert.True(first.Screening.Passed);
        Assert.Equal(request.Uscc, first.Uscc);
        Assert.Equal(1_200_000, first.LoanAmount.Units);
        Assert.Equal(first.Id, again.Id);
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM applications"));

        // The same key with another request: refused, nothing stored.
        var changed = request.Clone();
        changed.LoanAmount = Money(900_000m);
        var reused = await Assert.ThrowsAsync<RpcException>(() => bank.SubmitAsync(changed, Within()));
        Assert.Equal(StatusCode.AlreadyExists, reused.StatusCode);
        Assert.EndsWith("/idempotency-key-reused", reused.Trailers.GetValue("problem-type"), StringComparison.Ordinal);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM applications"));

        // The key may also come as metadata; REST sees the application as gRPC does.
        var viaMetadata = Application();
        var key = viaMetadata.IdempotencyKey;
        viaMetadata.IdempotencyKey = "";
        var second = await bank.SubmitAsync(viaMetadata, Within().WithHeaders(new Metadata { { "idempotency-key", key } }));
        var rest = await Bank.GetFromJsonAsync<JsonElement>($"/api/bank/v1/applications/{second.Id}");
        Assert.Equal(viaMetadata.ApplicationKey, rest.GetProperty("applicationKey").GetString());
    }

    [Fact]
    public async Task Invalid_submissions_are_INVALID_ARGUMENT_with_the_protos_field_names_and_store_nothing()
    {
        var request = Application();
        request.ClearTermMonths();
        request.Purpose = "holiday";
        request.Instalments.Type = "sometimes";

        var invalid = await Assert.ThrowsAsync<RpcException>(() => bank.SubmitAsync(request, Within()));

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        var fields = invalid.GetBadRequest()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Contains("term_months", fields);
        Assert.Contains("purpose", fields);
        Assert.Contains("instalments.type", fields);

        var noKey = Application(idempotencyKey: "");
        var missing = await Assert.ThrowsAsync<RpcException>(() => bank.SubmitAsync(noKey, Within()));
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Equal(["idempotency_key"], missing.GetBadRequest()!.FieldViolations.Select(v => v.Field));

        var unknown = Application();
        unknown.Uscc = StubRegister.NewUscc();
        var notRegistered = await Assert.ThrowsAsync<RpcException>(() => bank.SubmitAsync(unknown, Within()));
        Assert.Equal(StatusCode.FailedPrecondition, notRegistered.StatusCode);

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM applications"));
    }

    [Fact]
    public async Task A_bank_gets_and_lists_its_own_applications_and_another_banks_id_is_NOT_FOUND()
    {
        var mine = await bank.SubmitAsync(Application(), Within());
        var theirs = await other.SubmitAsync(Application(), Within());

        Assert.Equal(mine.ApplicationKey, (await bank.GetAsync(mine.Id, Within())).ApplicationKey);
        var hidden = await Assert.ThrowsAsync<RpcException>(() => bank.GetAsync(theirs.Id, Within()));
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        var watchTheirs = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = bank.Watch(theirs.Id, Within());
            await call.ResponseStream.MoveNext();
        });
        Assert.Equal(StatusCode.NotFound, watchTheirs.StatusCode);

        var list = await bank.ListAsync(new ListApplicationsRequest(), Within());
        Assert.Equal([mine.Id], list.Applications.Select(a => a.Id));
        Assert.Equal("", list.NextCursor);
        var badList = await Assert.ThrowsAsync<RpcException>(() => bank.ListAsync(new ListApplicationsRequest { Status = "sleeping", Limit = 1000 }, Within()));
        Assert.Equal(StatusCode.InvalidArgument, badList.StatusCode);
        Assert.Equal(["limit", "status"], badList.GetBadRequest()!.FieldViolations.Select(v => v.Field).Order());
        var badId = await Assert.ThrowsAsync<RpcException>(() => bank.GetAsync("42", Within()));
        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
    }

    [Fact]
    public async Task Only_banks_call_the_service()
    {
        using var examiner = Factory.ChannelFor(null, role: "examiner");
        var refused = await Assert.ThrowsAsync<RpcException>(() => new BankApplicationsClient(examiner).GetAsync(Guid.NewGuid().ToString(), Within()));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);

        using var anonymous = GrpcChannels.For(Factory.GrpcUrl);
        var unauthenticated = await Assert.ThrowsAsync<RpcException>(() => new BankApplicationsClient(anonymous).GetAsync(Guid.NewGuid().ToString(), Within()));
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task Watch_sends_the_current_status_then_each_change_and_ends_at_a_final_status()
    {
        var application = await bank.SubmitAsync(Application(), Within());
        using var call = bank.Watch(application.Id, Within(30));
        var stream = call.ResponseStream;

        Assert.True(await stream.MoveNext());
        Assert.Equal("under_examination", stream.Current.StatusTo);
        Assert.Equal("", stream.Current.EventId);
        Assert.False(stream.Current.Final);

        await RequestInformationAsync(Guid.Parse(application.Id), "Send the 2025 audited statements.");
        Assert.True(await stream.MoveNext());
        Assert.Equal(("under_examination", "more_information_requested"), (stream.Current.StatusFrom, stream.Current.StatusTo));
        Assert.Contains("Send the 2025 audited statements.", stream.Current.PayloadJson, StringComparison.Ordinal);
        Assert.NotEqual("", stream.Current.EventId);

        await DeclineAsync(Guid.Parse(application.Id));
        Assert.True(await stream.MoveNext());
        Assert.Equal("declined", stream.Current.StatusTo);
        Assert.True(stream.Current.Final);
        Assert.False(await stream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task A_watch_ends_with_DEADLINE_EXCEEDED_when_nothing_happens_in_time()
    {
        var application = await bank.SubmitAsync(Application(), Within());
        using var call = bank.Watch(application.Id, Within(2));

        Assert.True(await call.ResponseStream.MoveNext());
        var ended = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.DeadlineExceeded, ended.StatusCode);
    }
}
