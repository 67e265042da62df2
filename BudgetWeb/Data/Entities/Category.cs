namespace BudgetWeb.Data.Entities;

/// <summary>A spending category shared by every user of the installation.</summary>
public class Category
{
    public const int NameMaxLength = 60;

    public int Id { get; set; }
    public string Name { get; private set; } = "";

    /// <summary>Upper-cased name: the unique index on it makes names unique case-insensitively on every provider.</summary>
    public string NormalizedName { get; private set; } = "";

    public DateTime CreatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public Category() { }

    public Category(string name) => Rename(name);

    public void Rename(string name)
    {
        Name = name.Trim();
        NormalizedName = Normalize(name);
        Version = Guid.NewGuid();
    }

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}
