using Microsoft.AspNetCore.Http;
using SmePlatform.Application;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.BuildingBlocks.Tests.Http;

public sealed class EntityVersionsTests
{
    [Theory]
    [InlineData("\"3\"", 3)]
    [InlineData("W/\"3\"", 3)]
    [InlineData("  \"12\"  ", 12)]
    public void If_match_names_the_version(string header, int version)
    {
        var outcome = Request(header).IfMatch();

        Assert.False(outcome.IsRefused);
        Assert.Equal(version, outcome.Value);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("\"\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"abc\"")]
    [InlineData("*")]
    public void An_if_match_that_is_not_our_etag_cannot_match(string header)
    {
        var outcome = Request(header).IfMatch();

        Assert.Equal(RefusalKind.Stale, outcome.Refusal?.Kind);
    }

    [Fact]
    public void Without_if_match_a_change_is_refused_where_it_is_required()
    {
        Assert.Equal(RefusalKind.VersionRequired, Request(null).IfMatch(required: true).Refusal?.Kind);
        Assert.Null(Request(null).IfMatch(required: false).Value);
    }

    [Fact]
    public void The_etag_round_trips_through_if_match()
    {
        var context = new DefaultHttpContext();
        context.Response.SetVersion(7);

        var outcome = Request(context.Response.Headers.ETag.ToString()).IfMatch();

        Assert.Equal("\"7\"", context.Response.Headers.ETag.ToString());
        Assert.Equal(7, outcome.Value);
    }

    [Fact]
    public void A_change_against_an_old_version_names_the_current_one()
    {
        var refusal = EntityVersions.Changed("enterprise", 4);

        Assert.Equal(RefusalKind.Stale, refusal.Kind);
        Assert.Equal("\"4\"", refusal.Details["currentETag"]);
    }

    private static HttpRequest Request(string? ifMatch)
    {
        var context = new DefaultHttpContext();
        if (ifMatch is not null)
        {
            context.Request.Headers.IfMatch = ifMatch;
        }

        return context.Request;
    }
}
