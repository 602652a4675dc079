using System.Text;
using ClosedXML.Excel;

namespace SmePlatform.Diagnosis.Application.Imports;

/// <summary>The import template: the header row of <see cref="StatementImport.Columns"/>, as CSV or as a workbook with a sheet explaining each column.</summary>
public static class StatementTemplate
{
    /// <summary>What each column holds (the workbook's second sheet): English and Chinese, as the catalogue's names are kept.</summary>
    private static readonly IReadOnlyList<(string Column, string En, string Zh)> Meanings =
    [
        ("enterpriseId", "The enterprise's id in the register (UUID)", "企业编号"),
        ("ward", "The enterprise's registered ward code (e.g. tiexi)", "所在区"),
        ("fiscalYear", "Fiscal year (calendar year)", "会计年度"),
        ("sales", "Sales", "营业收入"),
        ("costOfSales", "Cost of sales", "营业成本"),
        ("operatingProfit", "Operating profit", "营业利润"),
        ("netProfit", "Net profit", "净利润"),
        ("depreciation", "Depreciation and amortisation", "折旧与摊销"),
        ("receivables", "Receivables at year end", "应收账款"),
        ("inventory", "Inventory at year end", "存货"),
        ("payables", "Payables at year end", "应付账款"),
        ("cash", "Cash at year end", "货币资金"),
        ("borrowings", "Borrowings at year end", "借款"),
        ("currentAssets", "Current assets", "流动资产"),
        ("currentLiabilities", "Current liabilities", "流动负债"),
        ("totalAssets", "Total assets", "资产总计"),
        ("netAssets", "Net assets (equity)", "所有者权益"),
        ("employees", "Employees (a count, never scaled)", "从业人数"),
        ("totalLiabilities", "Total liabilities (optional: then the balance-sheet identity is checked)", "负债合计（可选）"),
        ("openingReceivables", "Receivables at the start of the year (optional, all three or none)", "期初应收账款（可选）"),
        ("openingInventory", "Inventory at the start of the year (optional)", "期初存货（可选）"),
        ("openingPayables", "Payables at the start of the year (optional)", "期初应付账款（可选）"),
    ];

    public static byte[] Csv() => Encoding.UTF8.GetBytes(string.Join(',', StatementImport.Columns) + "\r\n");

    public static byte[] Xlsx()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("statements");
        for (var i = 0; i < StatementImport.Columns.Count; i++)
        {
            sheet.Cell(1, i + 1).Value = StatementImport.Columns[i];
        }

        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        var notes = workbook.AddWorksheet("columns");
        notes.Cell(1, 1).Value = "column";
        notes.Cell(1, 2).Value = "meaning";
        notes.Cell(1, 3).Value = "含义";
        for (var i = 0; i < Meanings.Count; i++)
        {
            notes.Cell(i + 2, 1).Value = Meanings[i].Column;
            notes.Cell(i + 2, 2).Value = Meanings[i].En;
            notes.Cell(i + 2, 3).Value = Meanings[i].Zh;
        }

        notes.Cell(Meanings.Count + 3, 1).Value = "unit";
        notes.Cell(Meanings.Count + 3, 2).Value = "Amounts in CNY or 万元, declared when the file is sent (?unit=cny or ?unit=wan)";
        notes.Cell(Meanings.Count + 3, 3).Value = "金额单位：元或万元，上传时声明";
        notes.Columns().AdjustToContents();
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
