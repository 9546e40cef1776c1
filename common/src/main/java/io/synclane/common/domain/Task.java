package io.synclane.common.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One security requirement of a project, e.g. {@code T21 Secure forgotten password}. */
@Entity
@Table(name = "task")
public class Task extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "project_id")
    public Long projectId;

    /** The catalogue id, e.g. {@code T21}; unique within a project. */
    @Column(name = "task_id")
    public String taskId;

    public String title;

    public String text = "";

    public String phase;

    public int priority;

    @Enumerated(EnumType.STRING)
    public TaskStatus status = TaskStatus.TODO;

    @Column(name = "verification_status")
    public VerificationStatus verificationStatus = VerificationStatus.NONE;

    public int[] cwes = new int[0];

    /** Free labels; {@code sde_tags_filter} scopes an ALM sync by them. */
    public String[] tags = new String[0];

    @Column(name = "updated_at")
    public Instant updatedAt = Instant.now();

    public static List<Task> listForProject(long projectId) {
        return list("projectId = ?1 order by id", projectId);
    }
}
