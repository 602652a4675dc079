using SmePlatform.Application;

namespace SmePlatform.BuildingBlocks.Tests.Application;

public sealed class RefusalTests
{
    [Fact]
    public void Field_errors_keep_every_message_of_every_field()
    {
        var errors = new FieldErrors()
            .Add("employees", "employees is 0 or more.")
            .Add("employees", "employees is a whole number.")
            .AddIf(true, "ward", "ward is one of Shenyang's districts.")
            .AddIf(false, "name", "never added");

        var refusal = errors.ToRefusal("The enterprise cannot be registered as submitted.");

        Assert.NotNull(refusal);
        Assert.Equal(RefusalKind.Invalid, refusal.Kind);
        Assert.Equal("validation", refusal.Code);
        Assert.Equal(["employees", "ward"], refusal.Errors.Keys.Order());
        Assert.Equal(2, refusal.Errors["employees"].Length);
    }

    [Fact]
    public void No_field_errors_is_no_refusal() => Assert.Null(new FieldErrors().ToRefusal("unused"));

    [Fact]
    public void An_outcome_is_its_value_or_its_refusal()
    {
        Outcome<string> accepted = "approved";
        Outcome<string> refused = Refusal.Conflict("four-eyes", "A second examiner must approve.");

        Assert.Equal("approved", accepted.Match(value => value, refusal => refusal.Code));
        Assert.Equal("four-eyes", refused.Match(value => value, refusal => refusal.Code));
        Assert.False(accepted.IsRefused);
        Assert.True(refused.IsRefused);
        Assert.Throws<InvalidOperationException>(() => refused.Value);
    }

    [Fact]
    public void Details_accumulate_without_changing_the_original()
    {
        var refusal = Refusal.Conflict("transition-not-allowed", "Not in this state.");
        var detailed = refusal.With("state", "approved").With("allowed", new[] { "issue" });

        Assert.Empty(refusal.Details);
        Assert.Equal("approved", detailed.Details["state"]);
        Assert.Equal(2, detailed.Details.Count);
    }
}
