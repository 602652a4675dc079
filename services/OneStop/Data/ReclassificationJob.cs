namespace SmePlatform.OneStop.Data;

public static class ReclassificationStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Superseded = "superseded";
}

/// <summary>The reclassification of the register under one published rule set version, and how far it got.</summary>
public sealed record ReclassificationJob
{
    public Guid Id { get; init; }

    public string RuleSetId { get; init; } = "";

    public int RuleSetVersion { get; init; }

    public string Status { get; init; } = ReclassificationStatus.Pending;

    /// <summary>Enterprises in the register when the version was published.</summary>
    public int Total { get; init; }

    /// <summary>Enterprises read so far, in id order.</summary>
    public int Processed { get; init; }

    /// <summary>Entries whose class, rule set version or reason was rewritten.</summary>
    public int Reclassified { get; init; }

    /// <summary>Entries whose class changed (each one an EnterpriseReclassified event).</summary>
    public int Changed { get; init; }

    public int Batches { get; init; }

    public Guid? LastEnterpriseId { get; init; }

    public string RequestedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string? LastError { get; init; }

    public bool IsOpen => Status is ReclassificationStatus.Pending or ReclassificationStatus.Running;
}
