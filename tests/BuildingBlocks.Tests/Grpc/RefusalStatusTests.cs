using Google.Rpc;
using Grpc.Core;
using SmePlatform.Application;
using SmePlatform.ServiceDefaults.Grpc;

namespace SmePlatform.BuildingBlocks.Tests.Grpc;

public sealed class RefusalStatusTests
{
    [Theory]
    [InlineData(RefusalKind.NotFound, StatusCode.NotFound)]
    [InlineData(RefusalKind.Forbidden, StatusCode.PermissionDenied)]
    [InlineData(RefusalKind.Conflict, StatusCode.FailedPrecondition)]
    [InlineData(RefusalKind.VersionRequired, StatusCode.FailedPrecondition)]
    [InlineData(RefusalKind.Stale, StatusCode.Aborted)]
    [InlineData(RefusalKind.Unavailable, StatusCode.Unavailable)]
    [InlineData(RefusalKind.UpstreamFailed, StatusCode.Unavailable)]
    [InlineData(RefusalKind.UpstreamTimeout, StatusCode.DeadlineExceeded)]
    public void Each_kind_has_the_status_code_its_http_status_corresponds_to(RefusalKind kind, StatusCode code)
    {
        var exception = new Refusal("some-code", kind, "Title.").ToRpcException();

        Assert.Equal(code, exception.StatusCode);
        Assert.Equal("some-code", exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
    }

    [Fact]
    public void Bad_input_is_invalid_argument_with_every_field_violation()
    {
        var refusal = Refusal.Invalid("The application cannot be accepted as submitted.", new Dictionary<string, string[]>
        {
            ["amount"] = ["amount is more than 0.", "amount is at most 10,000,000."],
            ["term_months"] = ["term_months is 1 to 60."],
        });

        var exception = refusal.ToRpcException();
        var violations = exception.FieldViolations();

        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        Assert.Equal(2, violations["amount"].Length);
        Assert.Single(violations["term_months"]);
    }

    [Fact]
    public void Details_travel_as_error_info_metadata()
    {
        var refusal = Refusal.Conflict("transition-not-allowed", "Not allowed now.", "The application is declined.")
            .With("state", "declined").With("allowed", new[] { "reopen", "withdraw" }).With("version", 3);

        var info = refusal.ToRpcException().GetRpcStatus()?.GetDetail<ErrorInfo>();

        Assert.NotNull(info);
        Assert.Equal("declined", info.Metadata["state"]);
        Assert.Equal("reopen,withdraw", info.Metadata["allowed"]);
        Assert.Equal("3", info.Metadata["version"]);
    }
}
