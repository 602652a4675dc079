using System.ComponentModel.DataAnnotations;
using SmePlatform.Grpc.Rpc;
using SmePlatform.Grpc.Server;

namespace SmePlatform.Grpc.Tests;

public sealed class StatusMappingTests
{
    private static readonly GrpcServerOptions Defaults = new();

    public sealed class EnterpriseMissingException(string message) : Exception(message);

    public static TheoryData<Exception, StatusCode> Mappings => new()
    {
        { new RpcException(new Status(StatusCode.AlreadyExists, "dup")), StatusCode.AlreadyExists },
        { new GrpcNotFoundException("Enterprise 42 not found"), StatusCode.NotFound },
        { new KeyNotFoundException("Enterprise 42 not found"), StatusCode.NotFound },
        { new ArgumentException("must not be empty", "uscc"), StatusCode.InvalidArgument },
        { new ArgumentNullException("uscc"), StatusCode.InvalidArgument },
        { new ValidationException("bad"), StatusCode.InvalidArgument },
        { new GrpcValidationException("bad"), StatusCode.InvalidArgument },
        { new UnauthorizedAccessException("no"), StatusCode.PermissionDenied },
        { new Microsoft.AspNetCore.Authentication.AuthenticationFailureException("no"), StatusCode.Unauthenticated },
        { new NotImplementedException(), StatusCode.Unimplemented },
        { new InvalidOperationException("boom"), StatusCode.Internal },
        { new NullReferenceException(), StatusCode.Internal },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public void Maps_exceptions_to_status_codes(Exception exception, StatusCode expected)
    {
        Assert.Equal(expected, ExceptionStatusMapper.Map(exception, Defaults).Status.StatusCode);
    }

    [Fact]
    public void Unexpected_exceptions_never_leak_their_text()
    {
        var (status, trailers, unexpected) = ExceptionStatusMapper.Map(new InvalidOperationException("Host=db;Password=secret"), Defaults);

        Assert.True(unexpected);
        Assert.Equal(StatusCode.Internal, status.StatusCode);
        Assert.DoesNotContain("secret", status.Detail, StringComparison.Ordinal);
        Assert.Null(trailers);
    }

    [Fact]
    public void Argument_exceptions_carry_the_field_in_bad_request_details()
    {
        var (status, trailers, _) = ExceptionStatusMapper.Map(new ArgumentException("must be 18 characters", "uscc"), Defaults);

        Assert.Equal("must be 18 characters", status.Detail);
        var violation = Assert.Single(BadRequestOf(trailers!).FieldViolations);
        Assert.Equal("uscc", violation.Field);
        Assert.Equal("must be 18 characters", violation.Description);
    }

    [Fact]
    public void Validation_exceptions_carry_every_field_violation()
    {
        var exception = new GrpcValidationException("Invalid enterprise", new Dictionary<string, string[]>
        {
            ["name"] = ["required"],
            ["uscc"] = ["too short", "bad checksum"],
        });

        var (status, trailers, _) = ExceptionStatusMapper.Map(exception, Defaults);

        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        var details = Rpc.Status.Parser.ParseFrom(trailers!.GetValueBytes("grpc-status-details-bin"));
        Assert.Equal((int)StatusCode.InvalidArgument, details.Code);
        Assert.Equal("Invalid enterprise", details.Message);
        Assert.Equal(["name", "uscc", "uscc"], BadRequestOf(trailers).FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public void Registered_mappings_come_first()
    {
        var options = new GrpcServerOptions()
            .MapException<EnterpriseMissingException>(e => new Status(StatusCode.NotFound, e.Message))
            .MapException<InvalidOperationException>(_ => new Status(StatusCode.FailedPrecondition, "not now"));

        Assert.Equal(new Status(StatusCode.NotFound, "gone"), ExceptionStatusMapper.Map(new EnterpriseMissingException("gone"), options).Status);
        Assert.Equal(StatusCode.FailedPrecondition, ExceptionStatusMapper.Map(new InvalidOperationException(), options).Status.StatusCode);
    }

    [Fact]
    public void Rpc_exception_trailers_are_kept()
    {
        var trailers = new Metadata().Add("x-retry-after", "5");

        var (_, mapped, _) = ExceptionStatusMapper.Map(new RpcException(new Status(StatusCode.Unavailable, "busy"), trailers), Defaults);

        Assert.Equal("5", mapped!.GetValue("x-retry-after"));
    }

    private static BadRequest BadRequestOf(Metadata trailers) =>
        new RpcException(new Status(StatusCode.InvalidArgument, ""), trailers).GetBadRequest()!;
}
