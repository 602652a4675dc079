using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace SmePlatform.Grpc.Tests;

public sealed class MetadataTests
{
    [Fact]
    public void Binary_entries_go_on_the_wire_as_unpadded_base64()
    {
        var metadata = new Metadata().Add("trace-proto-bin", [0xab, 0xab, 0xab, 0x01]);

        var entry = Assert.Single(metadata);
        Assert.True(entry.IsBinary);
        Assert.Equal("q6urAQ", entry.Value); // "q6urAQ==" without padding
    }

    [Theory]
    [InlineData("q6urAQ==")]
    [InlineData("q6urAQ")]
    public void Binary_headers_decode_padded_and_unpadded(string wire)
    {
        var metadata = MetadataEncoding.FromHeaders(new HeaderDictionary { ["x-data-bin"] = wire });

        Assert.Equal(new byte[] { 0xab, 0xab, 0xab, 0x01 }, metadata.GetValueBytes("x-data-bin"));
    }

    [Fact]
    public void Binary_headers_joined_with_commas_become_separate_values()
    {
        var metadata = MetadataEncoding.FromHeaders(new HeaderDictionary { ["x-data-bin"] = "AQ==,AgM" });

        var values = metadata.GetAll("x-data-bin").Select(e => e.ValueBytes).ToList();
        Assert.Equal([new byte[] { 1 }, new byte[] { 2, 3 }], values);
    }

    [Fact]
    public void Invalid_base64_is_dropped_not_fatal()
    {
        var metadata = MetadataEncoding.FromHeaders(new HeaderDictionary { ["x-data-bin"] = "***", ["x-ok"] = "fine" });

        Assert.Null(metadata.Get("x-data-bin"));
        Assert.Equal("fine", metadata.GetValue("x-ok"));
    }

    [Fact]
    public void Protocol_headers_are_not_application_metadata()
    {
        var headers = new HeaderDictionary
        {
            ["content-type"] = "application/grpc",
            ["te"] = "trailers",
            ["grpc-timeout"] = "1S",
            ["grpc-encoding"] = "gzip",
            ["grpc-accept-encoding"] = "gzip",
            [":authority"] = "localhost",
            ["authorization"] = "Bearer abc",
            ["x-tenant"] = "ward-7",
        };
        headers.Append("x-multi", new StringValues(["a,b", "c"]));

        var metadata = MetadataEncoding.FromHeaders(headers);

        Assert.Equal(["authorization", "x-tenant", "x-multi", "x-multi"], metadata.Select(e => e.Key));
        Assert.Equal(["a,b", "c"], metadata.GetAll("x-multi").Select(e => e.Value)); // ASCII values are never split
    }

    [Theory]
    [InlineData("X-Upper", "x-upper")]
    [InlineData("with_underscore.dot-dash", "with_underscore.dot-dash")]
    public void Keys_are_normalised_to_lower_case(string key, string expected)
    {
        Assert.Equal(expected, new Metadata.Entry(key, "v").Key);
    }

    [Theory]
    [InlineData("bad key")]
    [InlineData("bad:key")]
    [InlineData("é")]
    [InlineData("")]
    public void Invalid_keys_are_refused(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => new Metadata.Entry(key, "v"));
    }

    [Fact]
    public void Values_must_match_the_key_kind()
    {
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("x-bin", "text"));
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("x-text", [1, 2]));
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("x-text", "企业"));
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("x-text", "line\nbreak"));
    }

    [Fact]
    public void Get_returns_the_last_value_of_a_key()
    {
        var metadata = new Metadata().Add("x-a", "1").Add("X-A", "2");

        Assert.Equal("2", metadata.GetValue("x-a"));
        Assert.Equal(2, metadata.GetAll("x-a").Count());
    }
}
