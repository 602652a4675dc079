using FsCheck;
using FsCheck.Fluent;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.BuildingBlocks.Tests.Http;

public sealed class PageCursorTests
{
    private sealed record Position(DateTimeOffset At, Guid Id);

    [Fact]
    public void Every_position_comes_back_from_its_cursor() =>
        Prop.ForAll<DateTimeOffset, Guid>((at, id) =>
        {
            var cursor = PageCursor.Encode("cases", new Position(at, id));
            return PageCursor.TryDecode<Position>("cases", cursor, out var position) && position == new Position(at, id);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_cursor_of_another_list_is_refused()
    {
        var cursor = PageCursor.Encode("cases", new Position(DateTimeOffset.UnixEpoch, Guid.NewGuid()));

        Assert.False(PageCursor.TryDecode<Position>("timeline", cursor, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("eyJhIjoxfQ")]
    [InlineData("djF8Y2FzZXN8bm90IGpzb24")]
    public void A_made_up_or_edited_cursor_is_refused(string cursor) =>
        Assert.False(PageCursor.TryDecode<Position>("cases", cursor, out _));

    [Fact]
    public void A_cursor_is_url_safe() =>
        Prop.ForAll<Guid>(id =>
        {
            var cursor = PageCursor.Encode("cases", new Position(DateTimeOffset.MaxValue, id));
            return cursor.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        }).QuickCheckThrowOnFailure();
}
