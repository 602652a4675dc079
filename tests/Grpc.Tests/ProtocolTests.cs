namespace SmePlatform.Grpc.Tests;

public sealed class TimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("1000n", 10L)]
    [InlineData("1n", 1L)] // rounds up: a nanosecond deadline is a deadline, not none
    [InlineData("0S", 0L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    [InlineData("00000005m", 50_000L)]
    public void Parses_every_unit(string value, long expectedTicks)
    {
        Assert.True(GrpcProtocol.TryParseTimeout(value, out var timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("123456789S")] // nine digits: the spec allows at most eight
    [InlineData("-1S")]
    [InlineData("1.5S")]
    [InlineData("1 S")]
    [InlineData("10s")] // units are case-sensitive: 's' is not a unit
    [InlineData("10h")]
    [InlineData("10X")]
    [InlineData("１S")] // a non-ASCII digit
    public void Rejects_malformed_values(string? value)
    {
        Assert.False(GrpcProtocol.TryParseTimeout(value, out _));
    }

    [Theory]
    [InlineData(0.0005, "500000n")]
    [InlineData(1.0, "1000000u")]
    [InlineData(30.0, "30000000u")]
    [InlineData(300.0, "300000m")]
    [InlineData(200_000.0, "200000S")]
    public void Formats_in_the_finest_unit_that_fits_eight_digits(double seconds, string expected)
    {
        Assert.Equal(expected, GrpcProtocol.FormatTimeout(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Formats_expired_or_huge_timeouts_within_the_grammar()
    {
        Assert.Equal("1n", GrpcProtocol.FormatTimeout(TimeSpan.Zero));
        Assert.Equal("1n", GrpcProtocol.FormatTimeout(TimeSpan.FromSeconds(-5)));
        var huge = GrpcProtocol.FormatTimeout(TimeSpan.MaxValue);
        Assert.True(GrpcProtocol.TryParseTimeout(huge, out var parsed), huge);
        Assert.True(parsed > TimeSpan.FromDays(365 * 1000));
    }

    [Fact]
    public void Formatting_rounds_up_and_round_trips()
    {
        var random = new Random(42);
        for (var i = 0; i < 1000; i++)
        {
            var timeout = TimeSpan.FromTicks((long)(random.NextDouble() * TimeSpan.TicksPerDay * 3) + 1);
            var formatted = GrpcProtocol.FormatTimeout(timeout);
            Assert.InRange(formatted.Length, 2, 9);
            Assert.True(GrpcProtocol.TryParseTimeout(formatted, out var parsed), formatted);
            Assert.True(parsed >= timeout, $"{formatted} parsed to {parsed}, shorter than {timeout}");
            Assert.True(parsed - timeout <= TimeSpan.FromTicks(Math.Max(1, timeout.Ticks / 10_000)), $"{formatted} is too coarse for {timeout}");
        }
    }
}

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain ascii stays as is", "plain ascii stays as is")]
    [InlineData("100%", "100%25")]
    [InlineData("\t\n", "%09%0A")]
    [InlineData("企业", "%E4%BC%81%E4%B8%9A")]
    [InlineData("✓", "%E2%9C%93")]
    [InlineData("\U0001F608", "%F0%9F%98%88")]
    [InlineData("~", "~")]
    [InlineData("\u007F", "%7F")]
    public void Encodes_utf8_bytes_outside_printable_ascii_and_percent(string message, string expected)
    {
        Assert.Equal(expected, GrpcProtocol.PercentEncode(message));
    }

    [Theory]
    [InlineData("企业未找到 ✓")]
    [InlineData("\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \U0001F608\t\n")]
    [InlineData("50% off, %41 is not A")]
    [InlineData("")]
    public void Round_trips(string message)
    {
        var encoded = GrpcProtocol.PercentEncode(message);

        Assert.All(encoded, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(message, GrpcProtocol.PercentDecode(encoded));
    }

    [Theory]
    [InlineData("%", "%")]
    [InlineData("100%", "100%")]
    [InlineData("%4", "%4")]
    [InlineData("%zz end", "%zz end")]
    [InlineData("%41%42", "AB")]
    [InlineData("%e4%bc%81", "企")] // lower-case hex is accepted
    [InlineData("%FF", "\uFFFD")] // invalid UTF-8 becomes the replacement character, never an error
    [InlineData(null, "")]
    public void Decodes_leniently(string? value, string expected)
    {
        Assert.Equal(expected, GrpcProtocol.PercentDecode(value));
    }
}

public sealed class ContentTypeTests
{
    [Theory]
    [InlineData("application/grpc", true, true)]
    [InlineData("application/grpc+proto", true, true)]
    [InlineData("APPLICATION/GRPC", true, true)]
    [InlineData("application/grpc; charset=utf-8", true, true)]
    [InlineData("application/grpc+json", true, false)]
    [InlineData("application/grpc-web", false, false)]
    [InlineData("application/json", false, false)]
    [InlineData(null, false, false)]
    public void Recognises_grpc_and_its_protobuf_flavour(string? contentType, bool isGrpc, bool isProto)
    {
        Assert.Equal(isGrpc, GrpcProtocol.IsGrpcContentType(contentType));
        if (isGrpc)
        {
            Assert.Equal(isProto, GrpcProtocol.IsProtoContentType(contentType!));
        }
    }

    [Theory]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(429, StatusCode.Unavailable)]
    [InlineData(502, StatusCode.Unavailable)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(504, StatusCode.Unavailable)]
    [InlineData(500, StatusCode.Unknown)]
    public void Maps_http_statuses_without_grpc_status(int httpStatus, StatusCode expected)
    {
        Assert.Equal(expected, GrpcProtocol.FromHttpStatus(httpStatus));
    }
}
