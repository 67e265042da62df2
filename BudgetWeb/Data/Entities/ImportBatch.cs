namespace BudgetWeb.Data.Entities;

public enum ImportBatchStatus { Imported, Reverted }

public class ImportBatch
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string FileName { get; set; } = "";

    /// <summary>SHA-256 of the uploaded file, hex: flags a re-upload of the same file.</summary>
    public string FileHash { get; set; } = "";

    public int TotalRows { get; set; }
    public int ImportedRows { get; set; }
    public ImportBatchStatus Status { get; set; }
    public long OperationId { get; set; }
    public Operation? Operation { get; set; }
    public DateTime CreatedAt { get; set; }
}
