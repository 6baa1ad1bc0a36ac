using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ablation.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class EpochPointsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Points_EpochPoints",
                table: "Points",
                columns: new[] { "StudyId", "RunId", "Step", "Id", "Epoch", "Split", "Name", "Value", "Time" },
                filter: "\"Split\" <> 'batch'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Points_EpochPoints",
                table: "Points");
        }
    }
}
