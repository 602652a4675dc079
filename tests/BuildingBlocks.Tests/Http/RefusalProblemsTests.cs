using Microsoft.AspNetCore.Http;
using SmePlatform.Application;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.BuildingBlocks.Tests.Http;

public sealed class RefusalProblemsTests
{
    [Theory]
    [InlineData(RefusalKind.Invalid, 400)]
    [InlineData(RefusalKind.NotFound, 404)]
    [InlineData(RefusalKind.Forbidden, 403)]
    [InlineData(RefusalKind.Conflict, 409)]
    [InlineData(RefusalKind.Stale, 412)]
    [InlineData(RefusalKind.VersionRequired, 428)]
    [InlineData(RefusalKind.Unavailable, 503)]
    [InlineData(RefusalKind.UpstreamTimeout, 504)]
    [InlineData(RefusalKind.UpstreamFailed, 502)]
    [InlineData(RefusalKind.Unprocessable, 422)]
    public void Each_kind_has_its_status(RefusalKind kind, int status)
    {
        var problem = new Refusal("some-code", kind, "Title").ToProblemDetails();

        Assert.Equal(status, problem.Status);
        Assert.Equal("some-code", problem.Extensions[RefusalProblems.CodeKey]);
    }

    [Fact]
    public void Bad_input_lists_every_field_error()
    {
        var refusal = Refusal.Invalid("The case cannot be opened as submitted.", new Dictionary<string, string[]>
        {
            ["enterpriseId"] = ["enterpriseId is the registered enterprise the case is for."],
            ["kind"] = ["kind is new or renewal."],
        });

        var problem = Assert.IsType<HttpValidationProblemDetails>(refusal.ToProblemDetails());

        Assert.Equal(ProblemDetailsDefaults.TypeBase + "validation", problem.Type);
        Assert.Equal(["enterpriseId", "kind"], problem.Errors.Keys.Order());
        Assert.Equal("The case cannot be opened as submitted.", problem.Title);
    }

    [Fact]
    public void A_rule_refusal_carries_its_code_and_what_the_client_can_act_on()
    {
        var refusal = Refusal.Conflict("referral-not-open", "The referral is closed.", "It was closed on 2026-12-01.")
            .With("state", "Closed").With("allowed", new[] { "Reopen" });

        var problem = refusal.ToProblemDetails();

        Assert.Equal(409, problem.Status);
        Assert.Equal(ProblemDetailsDefaults.TypeBase + "referral-not-open", problem.Type);
        Assert.Equal("It was closed on 2026-12-01.", problem.Detail);
        Assert.Equal("referral-not-open", problem.Extensions["code"]);
        Assert.Equal("Closed", problem.Extensions["state"]);
        Assert.Equal(new[] { "Reopen" }, problem.Extensions["allowed"]);
    }

    [Fact]
    public void A_family_of_codes_can_share_one_problem_type()
    {
        var refusal = Refusal.Conflict("transition.approve", "Not allowed now.") with { ProblemType = "transition-not-allowed" };

        var problem = refusal.ToProblemDetails();

        Assert.Equal(ProblemDetailsDefaults.TypeBase + "transition-not-allowed", problem.Type);
        Assert.Equal("transition.approve", problem.Extensions["code"]);
    }
}
