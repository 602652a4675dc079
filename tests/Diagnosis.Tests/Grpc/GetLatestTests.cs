using Grpc.Core;
using SmePlatform.Contracts.Diagnosis.V1;
using SmePlatform.Diagnosis.Tests.Api;

namespace SmePlatform.Diagnosis.Tests.Grpc;

/// <summary>smeplatform.diagnosis.v1.Diagnoses/GetLatest on the service's gRPC port: a service identity with the enterprise's consent, nobody else.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class GetLatestTests(InfrastructureFixture infra) : DiagnosisApiTest(infra)
{
    private Diagnoses.DiagnosesClient Client(string role) =>
        new(GrpcChannels.For(Factory.GrpcUrl, TestTokens.Issue(role, subject: role == "service" ? "guarantee-service" : null)));

    [Fact]
    public async Task With_consent_a_service_reads_the_latest_diagnosis_rank_band_and_indicators_and_the_read_is_audited()
    {
        var enterprise = Guid.CreateVersion7();
        await DiagnoseAsync(enterprise);
        var latest = await DiagnoseAsync(enterprise);

        var answer = await Client("service").GetLatestAsync(
            new GetLatestRequest { EnterpriseId = enterprise.ToString(), ConsentGiven = true, PurposeReference = "application-42" }, GrpcChannels.Within());
        Assert.Equal(latest.GetProperty("id").GetString(), answer.DiagnosisId);
        Assert.Equal((2, "full", "B", "B", "B", 22), (answer.Number, answer.Kind, answer.Rank, answer.PreSort, answer.AssessmentBand, answer.TotalScore));
        var wc = answer.Indicators.Single(i => i.Code == "working_capital_months");
        Assert.Equal((1L, 963_600_000, 2), (wc.Value.Units, wc.Value.Nanos, wc.Score));
        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM audit_log WHERE action = 'diagnosis.read-with-consent' AND actor_id = 'guarantee-service' AND after->>'purpose' = 'application-42'"));
    }

    [Fact]
    public async Task Without_consent_nothing_is_read_and_other_callers_are_refused()
    {
        var enterprise = Guid.CreateVersion7();
        await DiagnoseAsync(enterprise);
        var request = new GetLatestRequest { EnterpriseId = enterprise.ToString(), ConsentGiven = false };

        var noConsent = await Assert.ThrowsAsync<RpcException>(() => Client("service").GetLatestAsync(request, GrpcChannels.Within()).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, noConsent.StatusCode);
        foreach (var role in new[] { "advisor", "examiner", "bank" })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() =>
                Client(role).GetLatestAsync(new GetLatestRequest { EnterpriseId = enterprise.ToString(), ConsentGiven = true }, GrpcChannels.Within()).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }

        var unknown = await Assert.ThrowsAsync<RpcException>(() => Client("service").GetLatestAsync(
            new GetLatestRequest { EnterpriseId = Guid.CreateVersion7().ToString(), ConsentGiven = true }, GrpcChannels.Within()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'diagnosis.read-with-consent'"));
    }
}
