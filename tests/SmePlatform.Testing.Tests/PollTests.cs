using System.Diagnostics;

namespace SmePlatform.Testing.Tests;

public sealed class PollTests
{
    [Fact]
    public async Task Returns_the_first_value_that_is_done()
    {
        var calls = 0;

        var value = await Poll.UntilAsync(() => Task.FromResult(++calls), v => v >= 3, TimeSpan.FromSeconds(5), "three calls");

        Assert.Equal(3, value);
    }

    [Fact]
    public async Task Times_out_naming_what_it_waited_for_and_the_last_value()
    {
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Poll.UntilAsync(() => Task.FromResult(42), v => v > 100, TimeSpan.FromMilliseconds(600), "the answer to exceed 100"));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(10));
        Assert.Contains("the answer to exceed 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Polls_every_100_to_250_ms()
    {
        var calls = 0;

        await Assert.ThrowsAsync<TimeoutException>(() =>
            Poll.UntilAsync(() => Task.FromResult(++calls > 1000), TimeSpan.FromSeconds(1), "never"));

        Assert.InRange(calls, 4, 11);
    }

    [Fact]
    public async Task A_throwing_probe_counts_as_not_yet_and_is_reported_on_timeout()
    {
        var calls = 0;

        var value = await Poll.UntilAsync(
            () => ++calls < 3 ? throw new InvalidOperationException("still starting") : Task.FromResult("up"),
            v => v == "up", TimeSpan.FromSeconds(5), "the server");
        Assert.Equal("up", value);

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Poll.UntilAsync(() => Task.FromException<bool>(new InvalidOperationException("connection refused")), TimeSpan.FromMilliseconds(300), "the server"));
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }
}
