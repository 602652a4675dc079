using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.BuildingBlocks.Tests.Http;

public sealed class OperationIdTests
{
    [Theory]
    [InlineData("POST", "api/diagnosis/referrals/{referralId}/start", "postDiagnosisReferralsByReferralIdStart")]
    [InlineData("GET", "api/diagnosis/band-tables/current", "getDiagnosisBandTablesCurrent")]
    [InlineData("PUT", "api/diagnosis/enterprises/{enterpriseId:guid}/statements/{fiscalYear}", "putDiagnosisEnterprisesByEnterpriseIdStatementsByFiscalYear")]
    public void An_unnamed_endpoint_is_named_by_its_method_and_path(string method, string path, string expected) =>
        Assert.Equal(expected, ApiDocuments.OperationIdOf(method, path));

    [Fact]
    public void Two_paths_that_differ_only_in_a_parameter_name_position_get_different_names() =>
        Assert.NotEqual(ApiDocuments.OperationIdOf("GET", "api/x/{id}/notes"), ApiDocuments.OperationIdOf("GET", "api/x/notes/{id}"));
}
