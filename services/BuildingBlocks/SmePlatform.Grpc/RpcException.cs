using SmePlatform.Grpc.Rpc;

namespace SmePlatform.Grpc;

/// <summary>
/// A call that ended with a non-OK status. Thrown by clients; thrown by handlers to choose the status
/// (and trailers) the caller receives. Same shape as Grpc.Core's RpcException so handlers port as-is.
/// </summary>
public class RpcException : Exception
{
    public RpcException(Status status)
        : this(status, new Metadata(), status.Detail)
    {
    }

    public RpcException(Status status, string message)
        : this(status, new Metadata(), message)
    {
    }

    public RpcException(Status status, Metadata trailers)
        : this(status, trailers, status.Detail)
    {
    }

    public RpcException(Status status, Metadata trailers, string message)
        : base(string.IsNullOrEmpty(message) ? status.ToString() : message)
    {
        Status = status;
        Trailers = trailers ?? new Metadata();
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>Trailing metadata sent by the server (client side), or to send (server side).</summary>
    public Metadata Trailers { get; }

    /// <summary>
    /// The rich error model from the grpc-status-details-bin trailer (google.rpc.Status), if present.
    /// </summary>
    public Rpc.Status? GetRpcStatus()
    {
        var bytes = Trailers.GetValueBytes(GrpcProtocol.StatusDetailsTrailer);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return Rpc.Status.Parser.ParseFrom(bytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The field violations of an INVALID_ARGUMENT status, if the server sent google.rpc.BadRequest.</summary>
    public BadRequest? GetBadRequest()
    {
        var rpcStatus = GetRpcStatus();
        if (rpcStatus is null)
        {
            return null;
        }

        foreach (var detail in rpcStatus.Details)
        {
            if (detail.TryUnpack<BadRequest>(out var badRequest))
            {
                return badRequest;
            }
        }

        return null;
    }
}
