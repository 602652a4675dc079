using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using Npgsql;
using SmePlatform.Contracts.OneStop.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Grpc.Net.Client;
using SmePlatform.OneStop.Grpc;
using SmePlatform.OneStop.Tests.Integration;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Grpc;

/// <summary>smeplatform.onestop.v1.EnterpriseDirectory over a real HTTP/2 socket, with the generated grpc-dotnet client, against the real database.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class EnterpriseDirectoryTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private OneStopGrpcFactory factory = null!;
    private HttpClient rest = null!;
    private GrpcChannel channel = null!;
    private EnterpriseDirectory.EnterpriseDirectoryClient directory = null!;

    public async Task InitializeAsync()
    {
        factory = new OneStopGrpcFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        rest = new HttpClient { BaseAddress = factory.RestUrl }.WithToken(TestTokens.Issue("admin"));
        channel = GrpcChannels.For(factory.GrpcUrl, TestTokens.Issue("examiner"));
        directory = new EnterpriseDirectory.EnterpriseDirectoryClient(channel);
    }

    public async Task DisposeAsync()
    {
        channel.Dispose();
        rest.Dispose();
        await factory.DisposeAsync();
    }

    private static CallOptions Within(int seconds = 10) => GrpcChannels.Within(seconds);

    private async Task<Guid> RegisterAsync(string uscc, string ward = "heping", string industry = "C3511")
    {
        return (await rest.RegisterEnterpriseAsync(new TestEnterprise
        {
            Uscc = uscc,
            Name = $"沈阳精工机械{Guid.NewGuid():N}有限公司", // distinct: the ward screens for similar names
            Ward = ward,
            IndustryCode = industry,
            Employees = 120,
            AnnualRevenue = 45_000_123.45m,
            TotalAssets = 30_000_000.07m,
            ConfirmNotDuplicate = false,
        })).Id;
    }

    /// <summary>Rows straight into the register (as a restored backup would have them), in one statement.</summary>
    private async Task SeedAsync(int count, string ward, string industry)
    {
        await using var db = new NpgsqlConnection(factory.ConnectionString);
        await db.ExecuteAsync(
            """
            INSERT INTO enterprises (id, uscc, name, ward, industry_code, employees, annual_revenue, total_assets, currency, registered_at, updated_at)
            SELECT gen_random_uuid(), upper(substr(md5(random()::text || i), 1, 18)), 'Seeded ' || i, @ward, @industry, i, i * 1000.5, i * 10, 'CNY', now(), now()
            FROM generate_series(1, @count) AS i
            """,
            new { count, ward, industry });
    }

    private Task<Enterprise> GetAsync(GetEnterpriseRequest request, CallOptions? options = null) =>
        directory.GetEnterpriseAsync(request, options ?? Within()).ResponseAsync;

    private async Task<(List<Enterprise> Page, string? NextToken)> ListAsync(ListEnterprisesRequest request)
    {
        using var call = directory.ListEnterprises(request, Within());
        var page = new List<Enterprise>();
        while (await call.ResponseStream.MoveNext())
        {
            page.Add(call.ResponseStream.Current);
        }

        return (page, call.GetTrailers().GetValue(EnterpriseDirectoryService.NextPageTokenTrailer));
    }

    [Fact]
    public async Task GetEnterprise_finds_by_id_and_by_code_with_exact_amounts()
    {
        var uscc = TestCodes.NewUscc();
        var id = await RegisterAsync(uscc);

        var byId = await GetAsync(new GetEnterpriseRequest { Id = id.ToString() });
        var byCode = await GetAsync(new GetEnterpriseRequest { Uscc = " " + uscc.ToLowerInvariant() + " " });

        Assert.Equal(byId, byCode);
        Assert.Equal(id.ToString(), byId.Id);
        Assert.Equal(uscc, byId.Uscc);
        Assert.Equal("heping", byId.Ward);
        Assert.Equal("C3511", byId.IndustryCode);
        Assert.Equal(120, byId.Employees);
        Assert.Equal(45_000_123.45m, EnterpriseMessages.ToDecimal(byId.AnnualRevenue));
        Assert.Equal(30_000_000.07m, EnterpriseMessages.ToDecimal(byId.TotalAssets));
        Assert.Equal("CNY", byId.Currency);
        Assert.InRange(byId.RegisteredAt.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Enterprises_carry_size_class_rule_set_status_and_the_survivor_of_a_merge()
    {
        var survivor = await RegisterAsync(TestCodes.NewUscc());
        var duplicate = await RegisterAsync(TestCodes.NewUscc());
        var closed = await RegisterAsync(TestCodes.NewUscc(), ward: "dadong");

        var active = await GetAsync(new GetEnterpriseRequest { Id = survivor.ToString() });
        Assert.Equal(("small", "CN-2003", 1), (active.SizeClass, active.SizeRuleSetId, active.SizeRuleSetVersion));
        Assert.StartsWith("Small under CN-2003 v1", active.SizeReason, StringComparison.Ordinal);
        Assert.Equal(EnterpriseStatus.Active, active.Status);
        Assert.Equal(("", ""), (active.MergedIntoId, active.DeactivationReason));

        using var merge = new HttpRequestMessage(HttpMethod.Post, $"/api/onestop/enterprises/{survivor}/merge")
        {
            Content = JsonContent.Create(new { duplicateId = duplicate, reason = "Registered twice." }),
        };
        merge.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await rest.SendAsync(merge)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rest.PostAsJsonAsync($"/api/onestop/enterprises/{closed}/deactivation", new { reason = "closure" })).StatusCode);

        var merged = await GetAsync(new GetEnterpriseRequest { Id = duplicate.ToString() });
        Assert.Equal((EnterpriseStatus.Merged, survivor.ToString(), "merger"), (merged.Status, merged.MergedIntoId, merged.DeactivationReason));
        var (listed, _) = await ListAsync(new ListEnterprisesRequest { Ward = "dadong" });
        var gone = Assert.Single(listed);
        Assert.Equal((EnterpriseStatus.Deactivated, "closure", "small"), (gone.Status, gone.DeactivationReason, gone.SizeClass));
    }

    [Fact]
    public async Task GetEnterprise_of_an_unknown_id_or_code_is_NOT_FOUND()
    {
        var byId = await Assert.ThrowsAsync<RpcException>(() => GetAsync(new GetEnterpriseRequest { Id = Guid.CreateVersion7().ToString() }));
        var byCode = await Assert.ThrowsAsync<RpcException>(() => GetAsync(new GetEnterpriseRequest { Uscc = TestCodes.NewUscc() }));

        Assert.Equal(StatusCode.NotFound, byId.StatusCode);
        Assert.Equal(StatusCode.NotFound, byCode.StatusCode);
        Assert.StartsWith("No enterprise", byCode.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id", "not-a-uuid")]
    [InlineData("uscc", "91210102MA0000001X")] // wrong check character
    [InlineData("uscc", "9121")]
    [InlineData("key", null)]
    public async Task GetEnterprise_with_a_malformed_key_is_INVALID_ARGUMENT_naming_the_field(string field, string? value)
    {
        var request = field switch
        {
            "id" => new GetEnterpriseRequest { Id = value },
            "uscc" => new GetEnterpriseRequest { Uscc = value },
            _ => new GetEnterpriseRequest(),
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => GetAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetBadRequest()!.FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Description));
    }

    [Fact]
    public async Task ListEnterprises_filters_by_ward_and_industry_prefix_and_pages_with_the_trailer_token()
    {
        await SeedAsync(7, "kangping", "F5123");
        await SeedAsync(4, "kangping", "C3511");
        await SeedAsync(3, "faku", "F5123");

        var pages = new List<List<Enterprise>>();
        string? token = null;
        do
        {
            var (page, next) = await ListAsync(new ListEnterprisesRequest { Ward = "kangping", IndustryPrefix = "f51", PageSize = 3, PageToken = token ?? "" });
            pages.Add(page);
            token = next;
        }
        while (token is not null);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
        var all = pages.SelectMany(p => p).ToList();
        Assert.All(all, e => Assert.Equal(("kangping", "F5123"), (e.Ward, e.IndustryCode)));
        Assert.Equal(7, all.Select(e => e.Id).Distinct().Count());
        Assert.Equal(all.Select(e => Guid.Parse(e.Id)).Order(), all.Select(e => Guid.Parse(e.Id)));

        // The same rows in one stream, with no page size; the section alone matches both industries' rows in the ward.
        Assert.Equal(all.Select(e => e.Id), (await ListAsync(new ListEnterprisesRequest { Ward = "kangping", IndustryPrefix = "F" })).Page.Select(e => e.Id));
        Assert.Equal(11, (await ListAsync(new ListEnterprisesRequest { Ward = "kangping" })).Page.Count);
    }

    [Fact]
    public async Task ListEnterprises_streams_past_its_internal_chunks_in_id_order()
    {
        await SeedAsync(1_234, "xinmin", "G5311");

        var (everything, next) = await ListAsync(new ListEnterprisesRequest { Ward = "xinmin" });
        var (firstPage, token) = await ListAsync(new ListEnterprisesRequest { Ward = "xinmin", PageSize = 1_000 });
        var (secondPage, end) = await ListAsync(new ListEnterprisesRequest { Ward = "xinmin", PageSize = 1_000, PageToken = token! });

        Assert.Equal(1_234, everything.Count);
        Assert.Null(next);
        Assert.Equal(everything.Select(e => Guid.Parse(e.Id)).Order(), everything.Select(e => Guid.Parse(e.Id)));
        Assert.Equal((1_000, 234), (firstPage.Count, secondPage.Count));
        Assert.Null(end);
        Assert.Equal(everything.Select(e => e.Id), firstPage.Concat(secondPage).Select(e => e.Id));
    }

    [Fact]
    public async Task ListEnterprises_refuses_bad_filters_with_every_field_named()
    {
        using var call = directory.ListEnterprises(
            new ListEnterprisesRequest { Ward = "atlantis", IndustryPrefix = "Z9", PageSize = -1, PageToken = "made-up" }, Within());

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["industry_prefix", "page_size", "page_token", "ward"],
            error.GetBadRequest()!.FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_deadline_ends_a_stream_the_caller_reads_too_slowly_and_a_passed_one_fails_at_once()
    {
        await SeedAsync(1_500, "liaozhong", "C3511");

        // Reading all 1,500 at 10 ms each takes 15 s or more; the deadline of 4 s leaves a loaded machine ample time for
        // the first messages, and ends the call long before the last.
        var clock = Stopwatch.StartNew();
        using var call = directory.ListEnterprises(
            new ListEnterprisesRequest { Ward = "liaozhong" }, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(4)));
        var received = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext())
            {
                received++;
                await Task.Delay(10);
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(received, 1, 1_499);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3.9), TimeSpan.FromSeconds(14));

        var passed = await Assert.ThrowsAsync<RpcException>(() =>
            GetAsync(new GetEnterpriseRequest { Id = Guid.CreateVersion7().ToString() }, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(-1))));
        Assert.Equal(StatusCode.DeadlineExceeded, passed.StatusCode);
    }

    [Fact]
    public async Task The_gRPC_port_answers_health_and_only_gRPC_is_served_there()
    {
        var health = new Health.HealthClient(channel);
        // Health follows readiness (database, broker): right after start the bus may still be connecting, so poll.
        var status = await Poll.UntilAsync(
            async () => await health.CheckAsync(new HealthCheckRequest(), Within()),
            s => s.Status == HealthCheckResponse.Types.ServingStatus.Serving, TimeSpan.FromSeconds(30), "the gRPC health check serving");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status.Status);

        // The REST port does not serve the gRPC endpoints (they are bound to the gRPC port's host).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/smeplatform.onestop.v1.EnterpriseDirectory/GetEnterprise")
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new("application/grpc");
        using var response = await rest.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task In_Development_reflection_lists_the_served_services_for_tools_such_as_grpcurl()
    {
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(Within());
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();

        Assert.True(await call.ResponseStream.MoveNext());
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("smeplatform.onestop.v1.EnterpriseDirectory", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Counter_staff_see_only_their_own_ward_over_gRPC_and_a_caller_without_a_token_is_unauthenticated()
    {
        var uscc = TestCodes.NewUscc();
        var id = await RegisterAsync(uscc, ward: "heping");
        await RegisterAsync(TestCodes.NewUscc(), ward: "dadong");

        EnterpriseDirectory.EnterpriseDirectoryClient As(string? token) => new(GrpcChannels.For(factory.GrpcUrl, token));

        var dadong = As(TestTokens.Issue("counter_staff", ward: "dadong"));
        var hidden = await Assert.ThrowsAsync<RpcException>(() =>
            dadong.GetEnterpriseAsync(new GetEnterpriseRequest { Id = id.ToString() }, Within()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);

        var listed = new List<Enterprise>();
        using var dadongList = dadong.ListEnterprises(new ListEnterprisesRequest(), Within());
        await foreach (var enterprise in dadongList.ResponseStream.ReadAllAsync())
        {
            listed.Add(enterprise);
        }

        Assert.NotEmpty(listed);
        Assert.All(listed, e => Assert.Equal("dadong", e.Ward));

        var anonymous = await Assert.ThrowsAsync<RpcException>(() =>
            As(null).GetEnterpriseAsync(new GetEnterpriseRequest { Id = id.ToString() }, Within()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        var bank = await Assert.ThrowsAsync<RpcException>(() =>
            As(TestTokens.Issue("bank", bankId: "ccb-shenyang")).GetEnterpriseAsync(
                new GetEnterpriseRequest { Id = id.ToString() }, Within()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, bank.StatusCode);
    }
}
