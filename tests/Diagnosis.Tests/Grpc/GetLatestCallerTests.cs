using Grpc.Core;
using SmePlatform.Contracts.Diagnosis.V1;
using SmePlatform.Diagnosis.Tests.Api;

namespace SmePlatform.Diagnosis.Tests.Grpc;

/// <summary>
/// Diagnoses/GetLatest names its caller: CreditGuarantee's service client (Diagnosis:LatestReaders, preset
/// guarantee-service). Any other service client is refused although its role is service, and nothing is read.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class GetLatestCallerTests(InfrastructureFixture infra) : DiagnosisApiTest(infra)
{
    private Diagnoses.DiagnosesClient Client(string role, string subject) =>
        new(GrpcChannels.For(Factory.GrpcUrl, TestTokens.Issue(role, subject: subject)));

    [Theory]
    [InlineData("service", "matching-service")]
    [InlineData("service", "stats-service")]
    [InlineData("advisor", "guarantee-service")]
    [InlineData("examiner", "guarantee-service")]
    public async Task Only_the_guarantee_service_client_reads_a_latest_diagnosis(string role, string subject)
    {
        var enterprise = Guid.CreateVersion7();
        await DiagnoseAsync(enterprise);
        var request = new GetLatestRequest { EnterpriseId = enterprise.ToString(), ConsentGiven = true, PurposeReference = "application-7" };

        var denied = await Assert.ThrowsAsync<RpcException>(() => Client(role, subject).GetLatestAsync(request, GrpcChannels.Within()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'diagnosis.read-with-consent'"));
        var allowed = await Client("service", "guarantee-service").GetLatestAsync(request, GrpcChannels.Within());
        Assert.Equal(enterprise.ToString(), allowed.EnterpriseId);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'diagnosis.read-with-consent'"));
    }
}
